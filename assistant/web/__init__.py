"""The web front end: JSON API (`api`), chat page (`ui`), reply rendering, feedback store.

`app.py` at the repository root wires these together; nothing here loads a model on import.
"""

import os

# Gradio phones home for analytics unless told not to; nothing may leave the machine.
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
