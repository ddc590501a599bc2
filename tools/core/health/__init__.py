"""Setup checks behind `hookline doctor`: each looks at one part of an installation and says what is wrong and the fix.

Why checks live beside the parts they check (core here, Slack in `integrations.slack.health`): each needs that
part's own settings and seams, and the CLI only runs them and prints one line each.
"""

from tools.core.health.install import check_install, check_python
from tools.core.health.meta import check_meta
from tools.core.health.model import Check, CheckStatus, run_checks
from tools.core.health.providers import check_gpu, check_image_model, check_llm
from tools.core.health.queue import check_queue
from tools.core.health.storage import check_database, check_embedding_model, check_home, check_vector_store

__all__ = [
    "Check", "CheckStatus", "check_database", "check_embedding_model", "check_gpu", "check_home",
    "check_image_model", "check_install", "check_llm", "check_meta", "check_python", "check_queue",
    "check_vector_store", "run_checks",
]
