"""The core every capability stands on: settings, errors, the database (models + migrations), storage, the job-queue
core, the workspace runtime and the shared domain types. Nothing here imports a capability package."""
