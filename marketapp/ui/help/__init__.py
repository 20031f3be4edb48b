"""帮助 Help menu: the staff guide (PDF) and the self-check (自检) of this laptop."""
