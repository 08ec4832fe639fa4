# syntax=docker/dockerfile:1
#
# secret-injector: one image for the webhook (`serve`) and for the containers
# it injects into pods (`fetch`). The entry point is the executable itself, so
# a container spec with only `args: [fetch, ...]` runs the agent.
#
#   docker build --build-arg VERSION=0.1.0 -t ghcr.io/secret-injector/secret-injector:0.1.0 .
#   docker buildx build --platform linux/amd64,linux/arm64 --build-arg VERSION=0.1.0 ...
#
# Needs BuildKit (the default builder since Docker 23): cache mounts, COPY --chmod,
# TARGETARCH. See docs/operations.md.

ARG DOTNET_VERSION=10.0

# --- build: the SDK runs on the build machine's platform and cross-publishes
# --- (framework-dependent, precompiled ReadyToRun for the target arch by
# --- crossgen, so no emulation is needed). ReadyToRun takes about 70-90 ms off
# --- the start of the fetch agent, which every injected pod waits for.
FROM --platform=$BUILDPLATFORM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS build
ARG TARGETARCH
ARG VERSION=0.1.0
WORKDIR /src

# Restore from the project files alone, so that the packages layer survives
# source edits.
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY src/SecretInjector/SecretInjector.csproj src/SecretInjector/
RUN --mount=type=cache,id=nuget,target=/root/.nuget/packages \
    dotnet restore src/SecretInjector/SecretInjector.csproj -a "$TARGETARCH" -p:SelfContained=false -p:PublishReadyToRun=true

COPY . .
RUN --mount=type=cache,id=nuget,target=/root/.nuget/packages \
    dotnet publish src/SecretInjector/SecretInjector.csproj \
        --no-restore -c Release -a "$TARGETARCH" -p:SelfContained=false -p:PublishReadyToRun=true \
        -p:Version="$VERSION" -p:DebugType=none -p:GenerateDocumentationFile=false \
        -p:SatelliteResourceLanguages=en \
        -o /app

# --- runtime: Ubuntu chiseled ASP.NET Core runtime; no shell, no package
# --- manager, only what .NET needs.
FROM mcr.microsoft.com/dotnet/aspnet:${DOTNET_VERSION}-noble-chiseled AS runtime
ARG VERSION=0.1.0

LABEL org.opencontainers.image.title="secret-injector" \
      org.opencontainers.image.description="Kubernetes mutating webhook delivering AWS Secrets Manager secrets to pods as files" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.licenses="Apache-2.0"

# A read-only root file system works: no diagnostics IPC socket or perf map
# files in /tmp, no ICU data. The base image's ASPNETCORE_HTTP_PORTS is
# cleared: `serve` takes its listen address from --urls.
ENV DOTNET_EnableDiagnostics=0 \
    DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 \
    ASPNETCORE_HTTP_PORTS= \
    DOTNET_NOLOGO=1

WORKDIR /app
COPY --from=build --chown=0:0 --chmod=0555 /app/ /app/

# Non-root by number (the chiseled image's own `app` user is 1654); the
# injected containers default to this UID too (settings: agentUser).
USER 65532:65532
EXPOSE 8443

ENTRYPOINT ["/app/secret-injector"]
CMD ["--help"]
