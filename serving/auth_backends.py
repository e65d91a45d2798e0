from axes.backends import AxesStandaloneBackend


class RequestAxesBackend(AxesStandaloneBackend):
    """django-axes for every sign-in that arrives with a request (the admin login form, API logins).

    ``authenticate()`` calls without a request (the test client's ``login()``, code run from the shell)
    cannot come from a browser and carry no address to throttle; they pass on to the next backend
    rather than failing, as the stock backend would.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
