from tests.conftest import sign_in_as


def test_every_step_of_every_course_renders_in_every_language(
    app, client, create_participant, cohort, catalog
):
    returned = create_participant(cohort, phase="post")  # every phase open
    sign_in_as(client, returned)
    for language in app.config["LANGUAGES"]:
        client.post("/language", data={"locale": language})
        assert client.get("/dashboard").status_code == 200
        for course in catalog.courses:
            assert client.get(f"/courses/{course.slug}").status_code == 200
            for module in course.modules:
                for step_id in module.step_ids:
                    response = client.get(f"/courses/{course.slug}/{module.slug}/{step_id}")
                    assert response.status_code == 200, (language, module.key, step_id)
                    assert f'<html lang="{language}">' in response.text
