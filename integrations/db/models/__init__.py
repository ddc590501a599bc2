"""All ORM models; importing this package registers every table on `Base.metadata`.

One module per capability so each area owns its tables (and its Alembic branch, see migrations/).
"""

from integrations.db.base import Base
from integrations.db.models.analyst import AnalystModel
from integrations.db.models.core import Workspace
from integrations.db.models.performance import (
    Ad,
    AdAccount,
    AdSet,
    Campaign,
    Creative,
    ImportBatch,
    PerformanceDaily,
)

__all__ = [
    "Ad",
    "AdAccount",
    "AdSet",
    "AnalystModel",
    "Base",
    "Campaign",
    "Creative",
    "ImportBatch",
    "PerformanceDaily",
    "Workspace",
]
