"""The class session (no kernel per student) and Voila's class set-up (kernels, access)."""
