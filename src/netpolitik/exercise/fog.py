"""Fog of war: what each seat can see of the timeline, and what it could not.

A timeline entry (written by :class:`~netpolitik.exercise.world.PlayedWorld`) is seen by a
seat when it is ``public`` or the seat is in its ``to`` list:

* ``incident``: the victim detected it (damage, severity, month); the attacker knows its
  own operation; the true ``attacker`` is a *secret* field shown only to the attacker
  (``knows``) and to the facilitator;
* ``trace``: a victim's private attribution (the culprit its analysts named, possibly a
  false flag): seen by the victim and by every state the victim shares intelligence with;
* ``attribution``: public; whether the named culprit is the real attacker (``true``) is
  secret: nobody but the facilitator knows;
* ``decision``: the seat's own decisions only; ``misuse``: the state that caught it;
* ``inject``, ``sanction``, ``sanction_lifted``, ``restraint``, ``accession``, ``exclusion``,
  ``application``: public events.

The facilitator sees everything; after :func:`view` with ``revealed=True`` (the truth
revealed at the end) seats see everything too.

Examples
--------
>>> log = [{"kind": "incident", "id": "T1M2-1", "target": "EST", "attacker": "RUS",
...         "to": ["EST", "RUS"], "secret": ["attacker"], "knows": ["RUS"]}]
>>> view(log, "EST")[0].get("attacker"), view(log, "RUS")[0]["attacker"]
(None, 'RUS')
>>> view(log, "USA")
[]
"""

from __future__ import annotations

from typing import Any

from netpolitik.exercise.seats import FACILITATOR

Entry = dict[str, Any]


def sees(entry: Entry, seat: str) -> bool:
    """Whether ``seat`` sees ``entry`` at all."""
    return seat == FACILITATOR or bool(entry.get("public")) or seat in entry.get("to", ())


def redact(entry: Entry, seat: str) -> Entry:
    """``entry`` without the secret fields ``seat`` does not know."""
    if seat == FACILITATOR or seat in entry.get("knows", ()):
        return entry
    secret = set(entry.get("secret", ()))
    return {k: v for k, v in entry.items() if k not in secret}


def view(log: list[Entry], seat: str, revealed: bool = False) -> list[Entry]:
    """The entries of ``log`` that ``seat`` sees, redacted (all of them once revealed)."""
    if revealed:
        return list(log)
    return [redact(e, seat) for e in log if sees(e, seat)]


def unknowns(log: list[Entry], seat: str) -> list[Entry]:
    """What ``seat`` did not know at the time: operations against it whose attacker it
    never learned truly, and public attributions it saw that named the wrong state."""
    learned = {
        (e["victim"], e["named"])
        for e in log
        if e["kind"] == "attribution" and e.get("true") and e["victim"] == seat
    }
    out = []
    for e in log:
        if e["kind"] == "incident" and e["target"] == seat and (seat, e["attacker"]) not in learned:
            out.append({**e, "unknown": f"who ran operation {e['id']}: {e['attacker']}"})
        elif e["kind"] == "attribution" and not e.get("true"):
            out.append(
                {
                    **e,
                    "unknown": f"{e['named']} was named wrongly for an operation on {e['victim']}",
                }
            )
    return out


def describe(entry: Entry) -> str:
    """One line of plain text for an entry (as the seat sees it)."""
    k = entry["kind"]
    if k == "incident":
        who = entry.get("attacker") or "unknown attacker"
        return (
            f"operation {entry['id']} on {entry['target']} (severity {entry['severity']}) by {who}"
        )
    if k == "trace":
        sev = entry["severity"]
        return f"{entry['victim']} traced an operation (severity {sev}) to {entry['named']}"
    if k == "attribution":
        truth = "" if "true" not in entry else (" [true]" if entry["true"] else " [FALSE]")
        return (
            f"{entry['victim']} publicly attributed an operation (severity {entry['severity']}) "
            f"to {entry['named']}; response: {entry['response']}{truth}"
        )
    if k == "decision":
        d = {key: v for key, v in entry["decision"].items() if v}
        return f"{entry['seat']} decided: {d or 'hold course'}"
    if k == "inject":
        return f"event: {entry['event'].get('kind')} {entry['event'].get('values') or ''}".strip()
    if k in ("sanction", "sanction_lifted", "restraint"):
        verb = {"sanction": "sanctioned", "sanction_lifted": "lifted sanctions on"}.get(
            k, "showed restraint toward"
        )
        return f"{entry['by']} {verb} {entry['on']}"
    if k in ("accession", "exclusion"):
        verb = "joined" if k == "accession" else "was excluded from"
        return f"{entry['country']} {verb} {entry['club']}"
    if k == "application":
        outcome = "admitted" if entry["admitted"] else "refused"
        return f"{entry['seat']} applied to {entry['club']}: {outcome}"
    if k == "misuse":
        return f"{entry['victim']} caught {entry['by']} misusing shared intelligence"
    return k
