using System.Text.Json.Nodes;
using SecretInjector.Configuration;
using SecretInjector.Contract;

namespace SecretInjector.Injection;

/// <summary>Builds the injected containers: the one-shot fetch and the refresh loop.</summary>
internal sealed class AgentContainerFactory(
    PodView pod,
    InjectionRequest request,
    InjectorOptions options,
    FileOwnership access,
    IdentityWiring identity)
{
    public JsonObject Fetch() =>
        Container(InjectedNames.FetchContainer, AgentContract.FetchArgs(AgentContract.AgentOutDirectory, access.FileMode, Tuning));

    /// <summary>
    /// The refresh loop. As a native sidecar it is an init container with <c>restartPolicy: Always</c>,
    /// so it starts after the fetch and does not keep a Job from completing.
    /// </summary>
    public JsonObject Refresh(bool native)
    {
        var args = AgentContract.RefreshArgs(AgentContract.AgentOutDirectory, access.FileMode, request.RefreshInterval, Tuning);
        var container = Container(InjectedNames.RefreshContainer, args);
        if (native)
            container["restartPolicy"] = "Always";
        return container;
    }

    private AgentTuning Tuning => new(options.FetchTimeoutSeconds, options.BatchThreshold);

    private JsonObject Container(string name, IReadOnlyList<string> args)
    {
        var env = new JsonArray
        {
            new JsonObject
            {
                ["name"] = AgentContract.SecretsVariable,
                ["value"] = AgentContract.SerializeSecrets(request.Secrets),
            },
        };
        foreach (var entry in identity.Env)
            env.Add(entry.DeepClone());
        if (options.AgentOtlpEndpoint.Length > 0)
        {
            foreach (var entry in TelemetryEnv(options.AgentOtlpEndpoint))
                env.Add(entry);
        }

        var mounts = new JsonArray
        {
            new JsonObject { ["name"] = InjectedNames.SecretsVolume, ["mountPath"] = AgentContract.AgentOutDirectory },
        };
        foreach (var mount in identity.Mounts)
            mounts.Add(mount.DeepClone());

        return new JsonObject
        {
            ["name"] = name,
            ["image"] = options.Image,
            ["imagePullPolicy"] = options.ImagePullPolicy,
            ["args"] = new JsonArray([.. args.Select(a => (JsonNode)JsonValue.Create(a))]),
            ["env"] = env,
            ["resources"] = Resources(),
            ["securityContext"] = SecurityContext(),
            // A failed fetch then shows its last log lines in `kubectl describe pod`.
            ["terminationMessagePolicy"] = "FallbackToLogsOnError",
            ["volumeMounts"] = mounts,
        };
    }

    /// <summary>
    /// The standard OpenTelemetry variables the agent exports its metrics by, with the pod's name and namespace
    /// as resource attributes (from the downward API, since a pod made from generateName has no name yet).
    /// </summary>
    private static IEnumerable<JsonObject> TelemetryEnv(string endpoint)
    {
        yield return FieldRef("SECRET_INJECTOR_POD_NAME", "metadata.name");
        yield return FieldRef("SECRET_INJECTOR_POD_NAMESPACE", "metadata.namespace");
        yield return new JsonObject { ["name"] = "OTEL_EXPORTER_OTLP_ENDPOINT", ["value"] = endpoint };
        yield return new JsonObject { ["name"] = "OTEL_EXPORTER_OTLP_PROTOCOL", ["value"] = "http/protobuf" };
        yield return new JsonObject
        {
            ["name"] = "OTEL_RESOURCE_ATTRIBUTES",
            ["value"] = "k8s.pod.name=$(SECRET_INJECTOR_POD_NAME),k8s.namespace.name=$(SECRET_INJECTOR_POD_NAMESPACE)",
        };
    }

    private static JsonObject FieldRef(string name, string path) => new()
    {
        ["name"] = name,
        ["valueFrom"] = new JsonObject { ["fieldRef"] = new JsonObject { ["fieldPath"] = path } },
    };

    private JsonObject Resources() => new()
    {
        ["requests"] = Quantities(options.Requests),
        ["limits"] = Quantities(options.Limits),
    };

    private static JsonObject Quantities(Dictionary<string, string> values)
    {
        var obj = new JsonObject();
        foreach (var (resource, quantity) in values.OrderBy(p => p.Key, StringComparer.Ordinal))
            obj[resource] = quantity;
        return obj;
    }

    /// <summary>
    /// The restricted Pod Security profile. With <c>spec.os.name: windows</c> the API server refuses the
    /// Linux-only fields, so such pods get the Windows form instead.
    /// </summary>
    private JsonObject SecurityContext()
    {
        if (pod.DeclaresWindowsOs)
        {
            return new JsonObject
            {
                ["runAsNonRoot"] = true,
                ["windowsOptions"] = new JsonObject { ["runAsUserName"] = "ContainerUser" },
            };
        }

        return new JsonObject
        {
            ["allowPrivilegeEscalation"] = false,
            ["capabilities"] = new JsonObject { ["drop"] = new JsonArray("ALL") },
            ["readOnlyRootFilesystem"] = true,
            ["runAsNonRoot"] = true,
            ["runAsUser"] = access.WriterUid,
            ["seccompProfile"] = new JsonObject { ["type"] = "RuntimeDefault" },
        };
    }
}
