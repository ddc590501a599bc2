"""One module per wrapped area. Each function: `(runtime, args, progress) -> ToolOutput`; the area is imported
inside the function so a missing or heavy area costs nothing until a tool actually runs."""
