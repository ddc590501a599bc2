"""Shared domain types (pydantic models), one module per area; the typed seams between tools, agent and edges."""
