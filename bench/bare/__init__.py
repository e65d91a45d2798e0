"""The ceiling for bench/side_by_side.py: a minimal Django project with no project code."""
