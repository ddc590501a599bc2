"""Small helpers over LangChain messages used by several middleware hooks and the service."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def text_of(message: Any) -> str:
    """The text of a message whose content may be a string or a list of content blocks."""
    content = getattr(message, "content", message)
    if isinstance(content, str):
        return content
    parts = []
    for block in content or []:
        if isinstance(block, str):
            parts.append(block)
        elif isinstance(block, dict) and block.get("type") == "text":
            parts.append(str(block.get("text", "")))
    return "\n".join(parts)


def last_human_text(messages: Sequence[Any]) -> str:
    """The user's own latest request (never a tool result or a model message)."""
    for message in reversed(messages):
        if getattr(message, "type", None) == "human":
            return text_of(message)
    return ""


def human_texts(messages: Sequence[Any]) -> list[str]:
    """The user's own messages in this thread, oldest first."""
    return [text_of(m) for m in messages if getattr(m, "type", None) == "human"]


def last_ai_with_tool_calls(messages: Sequence[Any]) -> Any | None:
    message = messages[-1] if messages else None
    if message is not None and getattr(message, "type", None) == "ai" and getattr(message, "tool_calls", None):
        return message
    return None


def turn_messages(messages: Sequence[Any]) -> list[Any]:
    """The messages since the user's latest request."""
    for index in range(len(messages) - 1, -1, -1):
        if getattr(messages[index], "type", None) == "human":
            return list(messages[index + 1:])
    return list(messages)


def last_tool_step(messages: Sequence[Any]) -> list[Any]:
    """The tool messages answering the latest model message that called tools (empty when it is not answered)."""
    answers: list[Any] = []
    for message in reversed(messages):
        if getattr(message, "type", None) == "tool":
            answers.append(message)
        else:
            break
    return list(reversed(answers))


def turn_results(messages: Sequence[Any]) -> list[dict[str, Any]]:
    """This turn's tool results, in order, from the records the tool middleware put in each `ToolMessage`'s
    artifact (a call that was declined or never ran has none)."""
    records = []
    for message in turn_messages(messages):
        artifact = getattr(message, "artifact", None)
        if getattr(message, "type", None) == "tool" and isinstance(artifact, dict) and "ok" in artifact:
            records.append(artifact)
    return records
