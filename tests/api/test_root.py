def test_api_root_links_every_collection_and_the_docs(client, db):
    response = client.get("/api/")
    assert response.status_code == 200
    links = response.json()["links"]
    assert links["docs"] == "http://testserver/api/docs/"
    assert links["claims"] == "http://testserver/api/claims/"
    assert links["fact_checks"] == "http://testserver/api/fact-checks/"
    for url in links.values():
        assert client.get(url).status_code in (200, 401, 403, 405), url
