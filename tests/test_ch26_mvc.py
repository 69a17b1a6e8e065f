import pytest


@pytest.mark.claim("C1")
def test_model_works_and_fails_without_flask(chapter):
    task_list = chapter.TaskList()
    assert task_list.add("  write tests ") == "write tests"
    with pytest.raises(chapter.InvalidTask, match="1 to 80 characters"):
        task_list.add(" ")
    assert task_list.tasks == ["write tests"]


@pytest.mark.claim("C1")
def test_model_code_uses_no_flask_name(chapter):
    import flask

    model_names = set(chapter.TaskList.add.__code__.co_names) | set(vars(chapter.TaskList))
    flask_names = {name for name in dir(flask) if not name.startswith("_")}
    assert model_names & flask_names == set()


@pytest.mark.claim("C2")
def test_template_renders_a_given_context_escaped(app):
    from flask import render_template

    with app.app_context():
        html = render_template("tasks.html", tasks=["<script>x</script>", "b"])
    assert html == "<h1>Tasks (2)</h1><ul><li>&lt;script&gt;x&lt;/script&gt;</li><li>b</li></ul>"


@pytest.mark.claim("C3")
def test_view_shows_the_models_data_after_a_post(client):
    response = client.post("/tasks", data={"title": "write tests"})
    assert (response.status_code, response.headers["Location"]) == (303, "/tasks")
    assert client.get("/tasks").text == "<h1>Tasks (1)</h1><ul><li>write tests</li></ul>"


@pytest.mark.claim("C3")
def test_view_answers_400_with_the_models_error(client):
    response = client.post("/tasks", data={"title": "x" * 81})
    assert (response.status_code, response.text) == (400, "a task needs a title of 1 to 80 characters")


@pytest.mark.claim("C4")
def test_flask_has_no_model_layer(chapter):
    import flask

    assert not {"Model", "db", "orm"} & set(dir(flask))
    assert chapter.TaskList.__module__ == chapter.__name__
