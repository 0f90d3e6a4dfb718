"""The ``project_ingest_github`` job: clone, analyze, patch, open the pull request, save.

Stages, each a cancellation point on entry: ``cloning`` (an installation token, the repository,
a shallow fetch) → ``analyzing`` (files read, nothing run) → ``generating_sdk_patch`` (a commit
on ``layers/sdk-setup``) → ``opening_pr`` (push and pull request; not interruptible) →
``finalizing`` (the project is written; not interruptible). ``openPR: false`` and a repository
with no app skip ``opening_pr``.

A job runs at least once, so every step is safe to repeat: the commit is dated like its base,
so a second run makes the same commit and pushes nothing; an open pull request is reused.
The working copy lives only inside the job (`working_copy`), whatever way it ends.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from ..db.unit_of_work import UnitOfWork
from ..jobs.context import JobContext, JobError, JobInfo
from ..jobs.registry import JobKind
from ..jobs.service import public_job_id
from ..kit.clock import iso, utcnow
from ..kit.errors import ApiError
from ..projects.service import record_ingestion
from ..settings import Settings
from . import installations
from .analysis import (
    MAX_FILE_BYTES,
    MAX_FILES_READ,
    MAX_TREE_ENTRIES,
    RepoFacts,
    analyze,
    is_candidate,
)
from .app import GitHubApp
from .client import GitHubClient, GitHubError, InstallationToken
from .git import Credentials, GitError, Repository
from .patch import BRANCH, COMMIT_MESSAGE, Patch, plan_patch, pull_request_body
from .sandbox import sandbox_result
from .schemas import PLATFORMS
from .workdir import sweep, work_root, working_copy

KIND = "project_ingest_github"
MAX_PATCH_CHARS = 256 * 1024


@dataclass(frozen=True)
class _Request:
    """The job's input, as the stages use it."""

    repo_full_name: str
    branch: str | None
    open_pr: bool
    scope: frozenset[str]  # `platforms`: what the job works with
    included: frozenset[str]  # `sdkConfig.includePlatforms`: what the patch sets up
    app_name: str | None
    event_allowlist: list[str] | None
    pr_title: str
    pr_body: str | None
    installation_id: int

    @classmethod
    def of(cls, payload: dict[str, Any]) -> _Request:
        sdk_config = payload.get("sdkConfig") or {}
        return cls(
            repo_full_name=payload["repoFullName"],
            branch=payload.get("branch"),
            open_pr=payload["openPR"],
            scope=frozenset(payload.get("platforms") or PLATFORMS),
            included=frozenset(sdk_config.get("includePlatforms") or PLATFORMS),
            app_name=sdk_config.get("appName"),
            event_allowlist=sdk_config.get("eventAllowlist"),
            pr_title=payload["prTitle"],
            pr_body=payload.get("prBody"),
            installation_id=payload["installationId"],
        )

    @property
    def owner(self) -> str:
        return self.repo_full_name.split("/")[0]

    @property
    def name(self) -> str:
        return self.repo_full_name.split("/")[1]


async def run_github_ingest(ctx: JobContext) -> dict[str, Any]:
    if ctx.sandbox:
        return await _run_sandbox(ctx)
    app = GitHubApp.from_settings(ctx.settings)
    if app is None:
        raise JobError(
            "GITHUB_APP_NOT_CONFIGURED", "This server no longer has a GitHub App configured."
        )
    request = _Request.of(ctx.payload)
    github = GitHubClient(app)

    await ctx.progress(0.02, "cloning")
    token, repo = await _open_repository(ctx, github, request)
    clone_url = _checked_clone_url(app, repo)
    branch = request.branch or repo.get("default_branch") or "main"
    root = work_root(ctx.settings)
    sweep(root)
    with working_copy(root, f"job_{ctx.job_id}") as path:
        git = Repository(
            path,
            protocols=urlsplit(clone_url).scheme,
            time_limit=ctx.settings.github_clone_timeout_seconds,
            max_bytes=ctx.settings.github_clone_max_bytes,
        )
        credentials = Credentials(token.token)
        try:
            base = await git.fetch(clone_url, branch, credentials)
            await ctx.progress(0.3, "analyzing")
            listing = await git.list_tree(base, is_candidate, limit=MAX_TREE_ENTRIES)
            files, skipped = await _read_candidates(git, listing.entries)
            analysis = analyze(files, _repo_facts(request, repo), commit=base)
            await ctx.progress(0.5, "generating_sdk_patch")
            patch = plan_patch(
                analysis,
                project_id=f"prj_{ctx.project_id}",
                app_name=request.app_name or analysis.brand["appName"],
                platforms=set(request.scope & request.included),
                event_allowlist=request.event_allowlist,
            )
            commit = None
            if patch.files:
                date = await git.committer_date(base)
                commit = await git.commit_files(
                    base, patch.files, message=COMMIT_MESSAGE, date=date
                )
            diff = await git.diff(base, commit) if commit else ""
            pull = None
            if request.open_pr and commit:
                await ctx.progress(0.7, "opening_pr")
                remote = await git.remote_branch(clone_url, BRANCH, credentials)
                if remote != commit:
                    await git.push(clone_url, commit, BRANCH, credentials, expected=remote)
                body = pull_request_body(analysis.brand, analysis, patch, request.pr_body)
                pull = await _open_pull_request(github, token, request, branch, body)
        except GitError as error:
            raise JobError(error.code, error.message, transient=error.transient) from None

    await ctx.progress(0.9, "finalizing")
    result = {
        "repoFullName": request.repo_full_name,
        "branch": BRANCH if commit else None,
        "baseBranch": branch,
        "commitSha": commit,
        "platforms": [p for p in analysis.platforms if p in request.scope],
        "apps": [a.as_json() for a in patch.apps],
        "pullRequest": pull,
        "patch": None if pull else _capped(diff),
        "brandContext": analysis.brand,
        "notes": _notes(analysis, patch, listing.truncated),
        "skipped": skipped[:20],
        "sandbox": False,
    }
    return await _complete(ctx, result, _platform_columns(analysis, request.scope))


# --- cloning ---------------------------------------------------------------------------------


async def _open_repository(
    ctx: JobContext, github: GitHubClient, request: _Request
) -> tuple[InstallationToken, dict[str, Any]]:
    """An installation token narrowed to the repository, and GitHub's record of it."""
    installation_id, owner, name = request.installation_id, request.owner, request.name
    full_name = request.repo_full_name
    try:
        installation = await github.get_installation(installation_id)
    except GitHubError as error:
        raise _uninstalled() if error.status == 404 else _unavailable(error) from None
    login = str((installation.get("account") or {}).get("login") or "")
    if login.lower() != owner.lower():
        raise _repo_not_found(full_name)  # the installation covers another account's repos
    try:
        token = await github.installation_token(installation_id, name)
    except GitHubError as error:
        if error.status == 404:
            raise _uninstalled() from None
        # 422: the repository is not one the installation was given.
        raise _repo_not_found(full_name) if error.status == 422 else _unavailable(error) from None
    try:
        repo = await github.get_repository(token.token, owner, name)
    except GitHubError as error:
        raise _repo_not_found(full_name) if error.status == 404 else _unavailable(error) from None
    cap = ctx.settings.github_clone_max_bytes
    if int(repo.get("size") or 0) * 1024 > cap:  # GitHub's size is in KiB
        raise JobError(
            "GITHUB_REPO_TOO_LARGE",
            f"The repository is larger than this server clones ({cap // (1024 * 1024)} MiB).",
        )
    async with ctx.db.write() as conn:
        await installations.record_verified(
            conn, ctx.organization_id, "live", installation_id, login, ctx.clock()
        )
    return token, repo


def _uninstalled() -> JobError:
    return JobError(
        "GITHUB_UNINSTALLED",
        "GitHub no longer knows this organization's installation of the App; install it again "
        "and register the new installation.",
    )


def _unavailable(error: GitHubError) -> JobError:
    return JobError("GITHUB_UNAVAILABLE", error.message, transient=error.transient)


def _repo_not_found(full_name: str) -> JobError:
    return JobError(
        "GITHUB_REPO_NOT_FOUND",
        f"The App's installation cannot see {full_name}: it does not exist, or the installation "
        "was not given access to it.",
    )


def _checked_clone_url(app: GitHubApp, repo: dict[str, Any]) -> str:
    """The token goes only to the GitHub the operator configured, over its own scheme."""
    url = str(repo.get("clone_url") or "")
    parts = urlsplit(url)
    if (parts.scheme, parts.netloc.lower()) != app.web_origin or parts.username or parts.query:
        raise JobError(
            "GITHUB_UNEXPECTED_ANSWER",
            "GitHub named a clone URL outside the configured GitHub; nothing was cloned.",
        )
    return url


async def _read_candidates(
    git: Repository, entries
) -> tuple[dict[str, bytes], list[dict[str, str]]]:
    """The candidate files' contents, shallowest first, within the per-file and count caps."""
    files: dict[str, bytes] = {}
    skipped: list[dict[str, str]] = []
    for entry in sorted(entries, key=lambda e: (e.path.count("/"), e.path)):
        if not entry.is_file:
            reason = "a symbolic link" if entry.mode == "120000" else "not a regular file"
            skipped.append({"path": entry.path, "reason": f"{reason}: not read"})
        elif entry.size > MAX_FILE_BYTES:
            skipped.append(
                {
                    "path": entry.path,
                    "reason": f"larger than {MAX_FILE_BYTES // 1024} KiB: not read",
                }
            )
        elif len(files) >= MAX_FILES_READ:
            skipped.append({"path": entry.path, "reason": "beyond the number of files read"})
        else:
            files[entry.path] = await git.read_blob(entry)
    return files, skipped


# --- the pull request ------------------------------------------------------------------------


async def _open_pull_request(
    github: GitHubClient, token: InstallationToken, request: _Request, base: str, body: str
) -> dict[str, Any]:
    owner, name, title = request.owner, request.name, request.pr_title
    head = f"{owner}:{BRANCH}"
    try:
        try:
            pull = await github.create_pull_request(
                token.token, owner, name, title=title, body=body, head=head, base=base
            )
            reused = False
        except GitHubError as error:
            if error.status != 422:
                raise
            # GitHub refuses a second pull request for the same branch: reuse the open one.
            existing = await github.open_pull_requests(token.token, owner, name, head=head)
            if not existing:
                raise JobError("GITHUB_PR_REFUSED", error.message) from None
            pull, reused = existing[0], True
    except GitHubError as error:
        raise _unavailable(error) from None
    return {"number": pull["number"], "url": pull["html_url"], "reused": reused}


# --- saving ----------------------------------------------------------------------------------


async def _complete(
    ctx: JobContext, result: dict[str, Any], columns: dict[str, str | None]
) -> dict[str, Any]:
    """Record what was learned on the project as every ingestion does (brandContext, the empty
    fields filled, which may start the workflows; the platform fields learned), with
    ``ingestState.github`` naming the repository and the pull request. One unit of work."""
    completed_at = ctx.clock()
    project_id = ctx.project_id
    assert project_id is not None  # an ingestion job is always started on a project
    pull = result["pullRequest"]
    findings = {
        **result["brandContext"],
        "repoFullName": result["repoFullName"],
        "platforms": result["platforms"],
        "pullRequestUrl": pull["url"] if pull else None,
        "sandbox": result["sandbox"],
    }
    try:
        async with ctx.unit_of_work() as uow:
            filled = await record_ingestion(
                uow,
                project_id,
                "github",
                findings,
                job_id=public_job_id(ctx.job_id),
                completed_at=completed_at,
                columns={column: value for column, value in columns.items() if value},
                ingest_state={
                    "repoFullName": result["repoFullName"],
                    "pullRequestUrl": findings["pullRequestUrl"],
                },
            )
    except ApiError as error:
        if error.status != 404:
            raise
        raise JobError("PROJECT_GONE", "The project no longer exists.") from None
    return {**result, "filledFields": filled, "completedAt": iso(completed_at)}


# --- helpers ---------------------------------------------------------------------------------


def _repo_facts(request: _Request, repo: dict[str, Any]) -> RepoFacts:
    return RepoFacts(
        full_name=request.repo_full_name,
        description=repo.get("description"),
        homepage=repo.get("homepage"),
        topics=tuple(repo.get("topics") or ()),
        html_url=repo.get("html_url"),
        private=bool(repo.get("private", True)),
    )


def _platform_columns(analysis, scope: frozenset[str]) -> dict[str, str | None]:
    """The platform fields learned, for the platforms in scope. A bundle id belongs to its
    native platform and to the cross-platform ones built on it."""

    def wanted(native: str) -> bool:
        return bool(scope & {native, "react-native", "flutter", "expo"})

    return {
        "platform_ios_bundle_id": analysis.ios_bundle_id if wanted("ios") else None,
        "platform_android_bundle_id": analysis.android_package if wanted("android") else None,
        "platform_web_domain": analysis.web_domain if "web" in scope else None,
    }


def _capped(diff: str) -> str | None:
    if not diff:
        return None
    if len(diff) <= MAX_PATCH_CHARS:
        return diff
    return diff[:MAX_PATCH_CHARS] + "\n… (diff cut here: it is longer than 256 KiB)\n"


def _notes(analysis, patch: Patch, truncated: bool) -> list[str]:
    notes = []
    if not analysis.apps:
        notes.append(
            "No app was found in this repository (no Expo, React Native, Flutter, iOS, Android "
            "or web app manifest), so nothing was patched and no pull request was opened."
        )
    elif not patch.apps:
        notes.append("None of the requested platforms is in this repository; nothing was patched.")
    if truncated:
        notes.append(
            f"The repository has more than {MAX_TREE_ENTRIES} files; the rest was not read."
        )
    return notes


# --- the sandbox -----------------------------------------------------------------------------


async def _run_sandbox(ctx: JobContext) -> dict[str, Any]:
    """A test key's ingestion: the same stages, no request to GitHub, a fixed answer."""
    for fraction, stage in ((0.02, "cloning"), (0.3, "analyzing"), (0.5, "generating_sdk_patch")):
        await ctx.progress(fraction, stage)
    result = sandbox_result(
        ctx.payload, project_id=f"prj_{ctx.project_id}", web_url=ctx.settings.github_web_url
    )
    if result["pullRequest"] is not None:
        await ctx.progress(0.7, "opening_pr")
    await ctx.progress(0.9, "finalizing")
    return await _complete(ctx, result, {})


async def mark_uninstalled_on_failure(uow: UnitOfWork, info: JobInfo, error: JobError) -> None:
    """In the transaction that fails the job: GitHub no longer knows the installation."""
    if error.code == "GITHUB_UNINSTALLED":
        await installations.mark_uninstalled(
            uow.conn, info.organization_id, "live", info.payload["installationId"], utcnow()
        )


def sweep_working_copies(settings: Settings) -> None:
    """Leftovers of a worker that was killed outright (its locks died with it)."""
    sweep(work_root(settings))


KINDS = (
    JobKind(
        KIND,
        run_github_ingest,
        cancellable_stages={"queued", "cloning", "analyzing", "generating_sdk_patch"},
        on_failure=mark_uninstalled_on_failure,
        on_worker_start=sweep_working_copies,
    ),
)
