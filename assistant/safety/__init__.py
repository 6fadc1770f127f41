"""Safety checks that run before the engine retrieves anything: input checks (`guard`),
emergency triage (`triage`), the language check and personal medical requests."""
