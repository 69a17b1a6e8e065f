import pytest

# How each claim breaks: an edit of the chapter that makes the claim false.
BREAKS = {
    "C1": [("title = title.strip()", 'title = request.form.get("title", title).strip()'),  # the model reads the request
           ("if not 1 <= len(title) <= 80:", "if not 1 <= len(title) < 80:")],  # the rule off by one
    "C2": ("<li>{{ task }}</li>", "<li>{{ task|safe }}</li>"),  # the template shows markup as markup: XSS
    "C3": [('return redirect(url_for("tasks"), code=303)', 'return redirect(url_for("tasks"))'),  # 302, not 303
           ("return str(error), 400", "return str(error)"),  # the model's refusal answered 200
           ('task_list.add(request.form.get("title", ""))', 'task_list.add(request.form["title"])')],  # no title: a bare 400 page
    "C4": ("    tasks: list = field(default_factory=list)\n", "    tasks = []\n"),  # a class attribute: one list for every app
}

REFUSED = "a task needs a title of 1 to 80 characters"


@pytest.mark.claim("C1")
@pytest.mark.parametrize(("title", "added"), [("  write tests ", "write tests"), ("a", "a"), ("a" * 80, "a" * 80),
                                              (" " + "a" * 80 + "\n", "a" * 80)])
def test_model_adds_a_title_of_1_to_80_characters_without_an_app(chapter, title, added):
    import flask

    task_list = chapter.TaskList()
    assert (task_list.add(title), task_list.tasks, flask.has_app_context()) == (added, [added], False)


@pytest.mark.claim("C1")
@pytest.mark.parametrize("title", ["", " \t\n", "a" * 81])
def test_model_refuses_any_other_title_without_an_app(chapter, title):
    task_list = chapter.TaskList()
    with pytest.raises(chapter.InvalidTask, match=REFUSED):
        task_list.add(title)
    assert task_list.tasks == []


WEB = ("flask", "jinja2", "werkzeug")


@pytest.mark.claim("C1")
def test_model_code_names_nothing_from_flask(chapter):
    import ast
    import inspect

    tree = ast.parse(inspect.getsource(chapter))
    web = {alias.asname or alias.name for node in tree.body if isinstance(node, ast.ImportFrom)
           and node.module.split(".")[0] in WEB for alias in node.names}
    model = [node for node in tree.body if isinstance(node, ast.ClassDef) and node.name in ("InvalidTask", "TaskList")]
    nodes = [node for cls in model for node in ast.walk(cls)]
    assert (len(model), "request" in web) == (2, True)  # the chapter imports request; the model must not use it
    assert {node.id for node in nodes if isinstance(node, ast.Name)} & web == set()
    assert [node for node in nodes if isinstance(node, (ast.Import, ast.ImportFrom))] == []


@pytest.mark.claim("C2")
def test_template_renders_a_given_context_escaped(app):
    from flask import render_template

    with app.app_context():
        html = render_template("tasks.html", tasks=["<script>x</script>", "b"])
    assert html == "<h1>Tasks (2)</h1><ul><li>&lt;script&gt;x&lt;/script&gt;</li><li>b</li></ul>"


@pytest.mark.claim("C3")
def test_view_shows_the_models_data_after_a_post(chapter):
    client = chapter.create_app().test_client()  # as `flask run` builds it: no configuration
    response = client.post("/tasks", data={"title": "Write tests"})
    assert (response.status_code, response.headers["Location"]) == (303, "/tasks")
    assert client.get("/tasks").text == "<h1>Tasks (1)</h1><ul><li>Write tests</li></ul>"


@pytest.mark.claim("C3")
@pytest.mark.parametrize("data", [{"title": "x" * 81}, {"title": " "}, {}])
def test_view_answers_400_with_the_models_error(client, data):
    response = client.post("/tasks", data=data)
    assert (response.status_code, response.text) == (400, REFUSED)
    assert client.get("/tasks").text == "<h1>Tasks (0)</h1><ul></ul>"


@pytest.mark.claim("C4")
def test_flask_exports_no_model_class():
    import flask

    public = [getattr(flask, name) for name in dir(flask) if not name.startswith("_")]
    classes = sorted(value.__name__ for value in public if isinstance(value, type))
    assert classes == ["Blueprint", "Config", "Flask", "Request", "Response"]


@pytest.mark.claim("C4")
def test_each_app_keeps_its_data_in_its_own_task_list(chapter):
    first, second = chapter.create_app(), chapter.create_app()
    first.test_client().post("/tasks", data={"title": "write tests"})
    closure = [cell.cell_contents for cell in first.view_functions["tasks"].__closure__]
    assert [value for value in closure if isinstance(value, chapter.TaskList)] == [chapter.TaskList(["write tests"])]
    assert second.test_client().get("/tasks").text == "<h1>Tasks (0)</h1><ul></ul>"
