"""All ORM models; importing this package registers every table on `Base.metadata`.

One module per capability so each area owns its tables (and its Alembic branch, see migrations/).
"""

from tools.core.db.base import Base
from tools.core.db.models.analyst import AnalystModel
from tools.core.db.models.brand import (
    BrandAsset,
    BrandChunkRecord,
    BrandDocument,
    BrandPendingWrite,
    BrandProfileRecord,
)
from tools.core.db.models.checkins import CheckinRun, CheckinSchedule
from tools.core.db.models.core import Workspace
from tools.core.db.models.extract import BlueprintRecord
from tools.core.db.models.jobs import Job
from tools.core.db.models.meta_sync import MetaConnection
from tools.core.db.models.performance import (
    Ad,
    AdAccount,
    AdSet,
    Campaign,
    Creative,
    ImportBatch,
    PerformanceDaily,
)
from tools.core.db.models.performance_breakdowns import PerformanceBreakdown
from tools.core.db.models.performance_indexes import performance_daily_workspace_day
from tools.core.db.models.slack import (
    SlackApproval,
    SlackClaim,
    SlackInstallation,
    SlackOAuthState,
    SlackTeam,
    SlackThread,
)

__all__ = [
    "Ad",
    "AdAccount",
    "AdSet",
    "AnalystModel",
    "Base",
    "BlueprintRecord",
    "BrandAsset",
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
    "MetaConnection",
    "PerformanceBreakdown",
    "PerformanceDaily",
    "SlackApproval",
    "SlackClaim",
    "SlackInstallation",
    "SlackOAuthState",
    "SlackTeam",
    "SlackThread",
    "Workspace",
    "performance_daily_workspace_day",
]
