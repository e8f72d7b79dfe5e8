"""Forum feedback, response standards, the action plan and "You said, we did" (a later issue)."""
