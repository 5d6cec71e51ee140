"""docker-compose.yml: the defects of the first real run stay fixed."""

from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((REPO / "docker-compose.yml").read_text())["services"]


def test_auth_reads_keys_from_a_volume_it_owns_not_a_host_bind_mount():
    (mount,) = COMPOSE["auth"]["volumes"]
    assert not mount.startswith((".", "/")), "a 0600 host file is unreadable by uid 10001"
    assert mount.split(":")[0] in {v.split(":")[0] for v in COMPOSE["signing-keys"]["volumes"]}


def test_worker_scratch_is_a_disk_volume_with_limits_everywhere():
    worker = COMPOSE["video-worker"]
    scratch = worker["environment"]["VIDEO_WORK_DIR"]
    assert any(v.endswith(":" + scratch) for v in worker["volumes"])
    assert scratch not in worker.get("tmpfs", [])
    for name, service in COMPOSE.items():
        if service.get("restart") != "no":
            assert service["deploy"]["resources"]["limits"]["memory"], name


def test_s3_credentials_are_generated_not_fixed():
    env = COMPOSE["auth"]["environment"]
    assert env["AWS_ACCESS_KEY_ID"].startswith("${DREAD_S3_ACCESS_KEY_ID")
    assert "S3RVER" not in yaml.safe_dump(COMPOSE)


def test_s3rver_path_style_and_gate_listens_beyond_loopback():
    dockerfile = (REPO / "ci-cd" / "docker" / "s3rver.Dockerfile").read_text()
    assert "--no-vhost-buckets" in dockerfile
    assert "S3_GATE_HOST=0.0.0.0" in (REPO / "ci-cd" / "docker" / "s3gate.Dockerfile").read_text()


def test_the_seven_services_build_from_one_dockerfile_with_their_own_area():
    from devstack.config import SERVICES

    for name, (package, area, _port) in SERVICES.items():
        build = COMPOSE[name]["build"]
        assert build["dockerfile"] == "ci-cd/docker/service.Dockerfile", name
        assert build["args"] == {"SERVICE": name, "AREA": area}, name
        # the Dockerfile copies <name>-service/requirements.lock and <package>/
        assert (REPO / f"{name}-service" / "requirements.lock").is_file(), name
        assert package == f"{name}_service"
    assert not list(REPO.glob("*-service/Dockerfile")), "one Dockerfile, not one per service"


def test_the_auth_worker_sends_to_the_compose_mail_server_with_the_keys():
    worker = COMPOSE["auth-worker"]
    assert worker["command"] == ["python", "-m", "auth_service.worker"]
    assert worker["image"] == COMPOSE["auth"]["image"]
    assert worker["environment"]["DREAD_SMTP_URL"].endswith("smtp://mail:2525}")
    assert COMPOSE["auth"]["volumes"][0].split(":")[0] == worker["volumes"][0].split(":")[0]
    mail = COMPOSE["mail"]
    assert mail["build"]["dockerfile"] == "ci-cd/docker/mail.Dockerfile"
    dockerfile = (REPO / mail["build"]["dockerfile"]).read_text()
    assert "0.0.0.0:2525" in dockerfile and "--require-hashes" in dockerfile
    assert any(v.endswith(":/var/lib/dread/mail") for v in mail["volumes"])


def test_no_worker_needs_its_metrics_variable_unset_by_hand():
    for path in (
        REPO / "docker-compose.yml",
        REPO / "ci-cd" / "deploy" / "docker-compose.prod.yml",
    ):
        assert "env -u" not in path.read_text() and '"-u"' not in path.read_text(), path


def test_the_forum_worker_runs_locally_and_on_every_web_host_with_the_forum_role():
    prod = yaml.safe_load((REPO / "ci-cd" / "deploy" / "docker-compose.prod.yml").read_text())[
        "services"
    ]
    for services in (COMPOSE, prod):
        worker = services["forum-worker"]
        assert worker["command"] == ["python", "-m", "forum_service.worker"]
        assert worker["image"] == services["forum"]["image"]
    assert prod["forum-worker"]["profiles"] == ["web"]
    assert "./aws/forum:/run/dread/aws:ro" in prod["forum-worker"]["volumes"]
