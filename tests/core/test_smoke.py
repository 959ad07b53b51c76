def test_home_page_explains_the_portal(client, db):
    response = client.get("/en/")
    assert response.status_code == 200
    assert "Observer status" in response.content.decode()
