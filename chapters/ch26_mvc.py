"""
Q: What is the MVC pattern?

A: Model-View-Controller splits an app three ways: the model holds the data and the rules
about it, the view presents it, and the controller takes a request, asks the model, and picks
the view. The source's summary of the pattern is fair. Its Flask sentence needs care: in
Flask's terms the "view function" is the controller (it handles the request), the Jinja
template is MVC's view (it presents), and Flask has no model layer at all: the model is
whatever plain Python (or an ORM from an extension) you write.

Flask prescribes none of this: one function may do all three jobs. The split pays when each
part can be tested alone, and this chapter's app is built so that each is: the model is plain
Python with no Flask import, tested with no request; the template renders from a given
context, escaping what it shows; the view function only wires the two, tested through the
client.

Opinion: keep rules out of view functions and queries out of templates; the reason is the
tests below, each of which needs only the part it tests.

Claims:
  C1. The model needs no Flask: the code of ``InvalidTask`` and ``TaskList`` imports nothing
      and names nothing the chapter imports from Flask, Jinja or Werkzeug, and with no app or
      request pushed their rule works: a title of 1 to 80 characters, once stripped, is added;
      any other raises ``InvalidTask``.
  C2. The template renders from a given context alone, and escapes what it shows.
  C3. The view function wires model and template: a GET shows the model's data; a POST
      applies the model's rule, redirecting (303) on success and answering 400 with its error,
      a missing title included.
  C4. Flask has no model layer: the classes ``flask`` exports are ``Blueprint``, ``Config``,
      ``Flask``, ``Request`` and ``Response``, none a model, and each app's data lives in the
      plain ``TaskList`` its factory creates, shared with no other app.

Try it:
  $ flask --app chapters.ch26_mvc run
  $ curl -i -d 'title=Write tests' http://127.0.0.1:5000/tasks   → 303 SEE OTHER
  → Location: /tasks
  $ curl http://127.0.0.1:5000/tasks   → <h1>Tasks (1)</h1><ul><li>Write tests</li></ul>
"""

from dataclasses import dataclass, field

from flask import Flask, redirect, render_template, request, url_for
from jinja2 import DictLoader

TOPICS = ("mvc", "templates")


# The model: plain Python, no Flask.
class InvalidTask(ValueError):
    pass


@dataclass
class TaskList:
    tasks: list = field(default_factory=list)

    def add(self, title):
        title = title.strip()
        if not 1 <= len(title) <= 80:
            raise InvalidTask("a task needs a title of 1 to 80 characters")
        self.tasks.append(title)
        return title


# The view in MVC's sense: a template.
TEMPLATES = {"tasks.html": "<h1>Tasks ({{ tasks|length }})</h1>"
             "<ul>{% for task in tasks %}<li>{{ task }}</li>{% endfor %}</ul>"}


# The controller: view functions wiring the two.
def create_app(config=None):
    app = Flask(__name__)
    app.config.update(config or {})
    app.jinja_loader = DictLoader(TEMPLATES)
    task_list = TaskList()

    @app.route("/tasks", methods=["GET", "POST"])
    def tasks():
        if request.method == "POST":
            try:
                task_list.add(request.form.get("title", ""))
            except InvalidTask as error:
                return str(error), 400
            return redirect(url_for("tasks"), code=303)
        return render_template("tasks.html", tasks=task_list.tasks)

    return app
