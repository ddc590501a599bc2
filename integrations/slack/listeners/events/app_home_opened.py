"""`app_home_opened`: publish the Home tab (KPIs and scheduled check-ins, or a welcome for a workspace without data);
the first visit to the Messages tab gets a welcome DM."""

from __future__ import annotations

from typing import Any

from slack_bolt import App, BoltContext

from integrations.slack.intake import enterprise_of, team_of
from integrations.slack.services import SlackServices


def register(app: App, services: SlackServices) -> None:
    def handle_app_home_opened(body: dict[str, Any], context: BoltContext) -> None:
        team_id, enterprise_id = team_of(body, context.team_id), enterprise_of(body, context.enterprise_id)
        tab = body["event"].get("tab", "home")
        if tab == "messages":
            services.intake.welcome(body, team_id=team_id, enterprise_id=enterprise_id)
        elif tab == "home":
            services.intake.home_opened(body, team_id=team_id, enterprise_id=enterprise_id)

    app.event("app_home_opened")(handle_app_home_opened)
