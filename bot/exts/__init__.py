"""The Discord layer: thin cogs, restart-safe buttons, and the embeds they show."""
