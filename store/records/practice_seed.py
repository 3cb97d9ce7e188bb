"""The practices a new team's vocabulary starts with, shipped as data.

The fold of the team's practice events starts from these; an event about one of them (a new
wording, retiring it) overrides it like any other. The ids are fixed forever: reflections
written with them must keep meaning the same practice.
"""

from __future__ import annotations

SEED: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    # (id, wording, conversation types it applies to; () for every type)
    ("f724446e-65e8-52de-a7d2-a8cf3d70c776", "called before they called us", ()),
    ("aa695b1c-3d19-5f7c-bf93-264d8574b5e7",
     "named the problem and its impact in the first minute", ()),
    ("e2542ec5-1d8e-5414-8020-aa37af44429a", "apologised once, then moved to the fix", ()),
    ("b7f2d528-1849-5b94-9000-50327c1871e2",
     "gave the real reason in one sentence, no excuses", ()),
    ("b4acaaa8-f249-53eb-8291-5f181ada72d4", "brought a revised date with names on it",
     ("missed_deadline", "escalation", "complaint")),
    ("ab25b313-f778-5f6f-868f-2bc45d927090", "said what is being done right now", ()),
    ("2e7e7203-5a25-5e89-8c55-28b402b496a8", "named the change that stops a repeat", ()),
    ("08a7450e-4cb8-5403-8983-10e220df5b48", "let them finish before answering", ()),
    ("c26c75f8-ff09-5a6e-b276-5a7561ffa09d", "reflected back what we heard",
     ("complaint", "escalation", "missed_deadline")),
    ("db6075f8-6c56-55ee-8f09-e41471bc588e", "a less involved manager led the call",
     ("escalation", "complaint")),
    ("cd029a3a-34ee-55db-97b9-b23e1699fb37", "owned our part before raising theirs", ()),
    ("d4e6a5f4-5baf-5b1f-89cb-7a0afb5b06ae", "asked for one approver and consolidated feedback",
     ("missed_deadline", "scope_change", "complaint", "escalation")),
    ("aa0f3704-a463-573c-aad6-a12fa2081a1e", "settled the goodwill cost before the call",
     ("missed_deadline", "complaint", "escalation", "renewal")),
    ("ef6004b7-0c1c-55d0-91fe-eb898146395f", "left with action items and dates for both sides", ()),
    ("60ea433d-55f5-5da7-a2aa-1225f6693ff8", "booked the follow-up on the call", ()),
    ("b7005c0e-0663-52e8-9cc7-daeda014c77e", "sent a written summary the same day", ()),
    ("6fcc4cad-9af7-5306-bbcf-c65476fc206d", "brought facts and data for an analytical client", ()),
    ("d820eceb-5a0c-5408-a582-64deafb07672", "heard an emotional client out first", ()),
    ("43cb4cf4-9919-50bb-959c-47780a4fde1e", "was direct and firm with an assertive client", ()),
    ("a659d22a-2793-531a-8b79-b1dcede41b53", "gave serious news by call or video, not e-mail",
     ("price_increase", "renewal", "missed_deadline", "escalation")),
)  # fmt: skip
