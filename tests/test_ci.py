"""Tests for the CI workflows and contributor tooling: the YAML parses, the workflows run the same
Makefile targets a person runs, and the editor and pre-commit settings cover every record type."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"


def read_yaml(path: Path) -> dict:
    # BaseLoader keeps every scalar a string, so the key `on` stays 'on' instead of YAML 1.1's True.
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)


def steps(workflow: dict, job: str) -> list[tuple[str, str]]:
    """(uses or 'run', the action or the command) for every step of a job."""
    return [
        ("uses", step["uses"]) if "uses" in step else ("run", step["run"].strip())
        for step in workflow["jobs"][job]["steps"]
    ]


def test_every_workflow_parses_and_pins_actions_to_a_major_version() -> None:
    found = {}
    for path in sorted(WORKFLOWS.glob("*.yml")):
        workflow = read_yaml(path)
        found[path.name] = sorted(
            {step["uses"] for job in workflow["jobs"].values() for step in job.get("steps", []) if "uses" in step}
        )
    assert found == {
        "deploy.yml": [
            "actions/checkout@v4",
            "actions/deploy-pages@v4",
            "actions/setup-python@v5",
            "actions/upload-pages-artifact@v3",
        ],
        "pull-request.yml": ["actions/checkout@v4", "actions/setup-python@v5"],
    }
    assert all(re.fullmatch(r"[a-z-]+/[a-z-]+@v[0-9]+", action) for actions in found.values() for action in actions)


def test_pull_request_workflow_runs_the_makefile_targets() -> None:
    workflow = read_yaml(WORKFLOWS / "pull-request.yml")
    assert workflow["on"] == {"pull_request": ""}
    assert workflow["permissions"] == {"contents": "read"}
    assert workflow["jobs"]["check"]["steps"][0]["with"] == {"fetch-depth": "0"}
    assert steps(workflow, "check") == [
        ("uses", "actions/checkout@v4"),
        ("uses", "actions/setup-python@v5"),
        ("run", "make setup"),
        ("run", 'make --silent diff BASE="origin/$GITHUB_BASE_REF" >> "$GITHUB_STEP_SUMMARY"'),
        ("run", "make validate FORMAT=github"),
        ("run", "make test"),
        (
            "run",
            "if [ -d ../shared/seeds ]; then make verify-quotes SOURCES=../shared/seeds FORMAT=github\n"
            'else echo "::notice::No source texts in ../shared/seeds on this runner; quotes were not verified."; fi',
        ),
    ]


def test_deploy_workflow_publishes_site_with_pages_permissions() -> None:
    workflow = read_yaml(WORKFLOWS / "deploy.yml")
    assert workflow["on"] == {"push": {"branches": ["main"]}, "workflow_dispatch": ""}
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": "false"}
    assert workflow["permissions"] == {"contents": "read"}
    assert workflow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert workflow["jobs"]["deploy"]["needs"] == "build"
    assert workflow["jobs"]["build"]["steps"][0]["with"] == {"fetch-depth": "0"}
    assert workflow["jobs"]["build"]["steps"][3]["with"] == {"path": "site"}
    assert steps(workflow, "build") == [
        ("uses", "actions/checkout@v4"),
        ("uses", "actions/setup-python@v5"),
        ("run", "make site"),
        ("uses", "actions/upload-pages-artifact@v3"),
    ]
    assert steps(workflow, "deploy") == [("uses", "actions/deploy-pages@v4")]


def test_workflow_make_targets_exist() -> None:
    targets = set(re.findall(r"^([a-z-]+):", (ROOT / "Makefile").read_text(encoding="utf-8"), re.MULTILINE))
    used = set()
    for path in WORKFLOWS.glob("*.yml"):
        used |= set(re.findall(r"make (?:--silent )?([a-z-]+)", path.read_text(encoding="utf-8")))
    assert sorted(used - targets) == []
    assert sorted(used) == ["diff", "setup", "site", "test", "validate", "verify-quotes"]


def record_types() -> list[str]:
    return sorted(
        p.name.removesuffix(".schema.json")
        for p in (ROOT / "schemas").glob("*.schema.json")
        if p.name != "common.schema.json"
    )


def test_editor_settings_map_every_record_folder_to_its_schema() -> None:
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    expected = {
        f"./schemas/{t}.schema.json": ["seeds/*.yaml"] if t == "source" else [f"facts/{t}/*.yaml"]
        for t in record_types()
    }
    assert settings["yaml.schemas"] == expected
    assert all((ROOT / schema).is_file() for schema in expected)


def test_pre_commit_hook_checks_staged_fact_files_locally() -> None:
    config = read_yaml(ROOT / ".pre-commit-config.yaml")
    assert config == {
        "repos": [
            {
                "repo": "local",
                "hooks": [
                    {
                        "id": "check-facts",
                        "name": "check facts and seeds (make validate)",
                        "entry": ".venv/bin/python -m scripts.check",
                        "language": "system",
                        "files": r"^(facts|seeds)/.*\.yaml$",
                        "require_serial": "true",
                    }
                ],
            }
        ]
    }
    pattern = re.compile(config["repos"][0]["hooks"][0]["files"])
    paths = [
        "facts/person/a.yaml",
        "seeds/b.yaml",
        "schemas/person.schema.json",
        "facts/person/a.yml",
        "docs/facts/x.yaml",
    ]
    assert [p for p in paths if pattern.search(p)] == ["facts/person/a.yaml", "seeds/b.yaml"]


def test_contributing_lists_every_problem_code() -> None:
    from scripts.problems import CODES

    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    listed = re.findall(r"^\| ([A-Z]+[0-9]{3}) \| ([^|]+) \|", text, re.MULTILINE)
    assert listed == [(code, meaning) for code, meaning in CODES.items()]


def test_contributing_worked_example_is_the_real_record() -> None:
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    example = text.split("## Worked example: `facts/person/lin-jian.yaml`\n\n```yaml\n", 1)[1].split("```", 1)[0]
    assert example == (ROOT / "facts/person/lin-jian.yaml").read_text(encoding="utf-8")
