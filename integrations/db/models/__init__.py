"""All ORM models; importing this package registers every table on `Base.metadata`.

One module per capability so each area owns its tables (and its Alembic branch, see migrations/).
"""

from integrations.db.base import Base
from integrations.db.models.analyst import AnalystModel
from integrations.db.models.brand import BrandChunkRecord, BrandDocument, BrandPendingWrite, BrandProfileRecord
from integrations.db.models.checkins import CheckinRun, CheckinSchedule
from integrations.db.models.core import Workspace
from integrations.db.models.extract import BlueprintRecord
from integrations.db.models.jobs import Job
from integrations.db.models.performance import (
    Ad,
    AdAccount,
    AdSet,
    Campaign,
    Creative,
    ImportBatch,
    PerformanceDaily,
)
from integrations.db.models.performance_indexes import performance_daily_workspace_day
from integrations.db.models.slack import (
    SlackApproval,
    SlackClaim,
    SlackInstallation,
    SlackOAuthState,
    SlackTeam,
    SlackThread,
    SlackWork,
)

__all__ = [
    "Ad",
    "AdAccount",
    "AdSet",
    "AnalystModel",
    "Base",
    "BlueprintRecord",
    "BrandChunkRecord",
    "BrandDocument",
    "BrandPendingWrite",
    "BrandProfileRecord",
    "Campaign",
    "CheckinRun",
    "CheckinSchedule",
    "Creative",
    "ImportBatch",
    "Job",
    "PerformanceDaily",
    "SlackApproval",
    "SlackClaim",
    "SlackInstallation",
    "SlackOAuthState",
    "SlackTeam",
    "SlackThread",
    "SlackWork",
    "Workspace",
    "performance_daily_workspace_day",
]
