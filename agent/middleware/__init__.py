"""The agent's middleware for LangChain's `create_agent`, one concern per module (wired in `agent/graph.py`)."""
