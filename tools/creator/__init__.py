"""The creator: mutate a winner's blueprint into N distinct on-brand variants and render them."""
