"""``python -m sphinx_notegarden init [VAULT]``: the ``notegarden`` command."""

from __future__ import annotations

import sys

from .cli import main

sys.exit(main())
