"""The strategist: "what should we make next?" — creative briefs from the workspace's own evidence."""
