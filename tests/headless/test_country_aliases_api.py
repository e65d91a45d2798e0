def test_country_api_lists_other_names_as_aliases(client, kazakhstan):
    data = client.get(f"/api/v3/pages/{kazakhstan.pk}/").json()
    assert {"Kazakh", "Qazaqstan"} <= set(data["aliases"])
    assert all(isinstance(alias, str) for alias in data["aliases"])
