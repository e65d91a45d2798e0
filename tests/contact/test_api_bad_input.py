import pytest


@pytest.mark.parametrize("page_id", ["0", "11725068950324727808", "99999999999999999999999"])
def test_ids_no_database_can_hold_are_404(client, db, page_id):
    assert client.get(f"/api/v3/forms/{page_id}/").status_code == 404
    response = client.post(f"/api/v3/forms/{page_id}/submissions/", data={}, content_type="application/json")
    assert response.status_code == 404
