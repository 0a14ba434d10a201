"""The agreement process around the table: proposals, meetings, minutes and opt-in, kept as an
append-only event log in SQLite.

    from tafelselectie.workflow import Workflow, load_agreement
    with Workflow.open("tafel.db") as wf:
        wf.init(load_agreement("basisovereenkomst.toml"))
        wf.seat_table("gemeente:Aalwijk", "tafel-2026.json", date(2026, 1, 1), date(2026, 12, 31))
        proposal = wf.submit("P012", "Tarieven dagbesteding", "...")

Independent of the solver: the table's members come from a selection result file.
"""

from __future__ import annotations

from tafelselectie.errors import ForbiddenError, WorkflowError
from tafelselectie.workflow.domain import (
    MeetingState,
    MinutesState,
    ProposalState,
    Role,
    State,
    Visibility,
)
from tafelselectie.workflow.service import (
    BasisAgreement,
    Workflow,
    load_agreement,
)

__all__ = [
    "BasisAgreement",
    "ForbiddenError",
    "MeetingState",
    "MinutesState",
    "ProposalState",
    "Role",
    "State",
    "Visibility",
    "Workflow",
    "WorkflowError",
    "load_agreement",
]
