"""Settings for `make mutation`: the test settings, with the SQLite test database kept in a file.

mutmut runs the tests once per mutant, each time in a new pytest session. With the default in-memory
test database every session would migrate and load the seed content again; a file reused between
sessions (pytest --reuse-db) is set up once. It lives in mutants/, which mutmut creates and git ignores.
Tests run inside rolled-back transactions, so the kept database stays as the seed left it.
"""

from cms.settings.test import *  # noqa: F403
from cms.settings.test import BASE_DIR, DATABASES

if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
    raise RuntimeError("Mutation testing runs on SQLite only: unset DATABASE_URL.")

DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "mutation-test-db.sqlite3")}
