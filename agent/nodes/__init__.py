"""One file per graph node: plan → guard → approve → tools → (plan …) → respond."""
