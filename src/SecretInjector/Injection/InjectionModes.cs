namespace SecretInjector.Injection;

/// <summary>The annotation spelling of <see cref="InjectionMode"/>.</summary>
internal static class InjectionModes
{
    public static bool TryParse(string? value, out InjectionMode mode)
    {
        (var known, mode) = value switch
        {
            "init" => (true, InjectionMode.Init),
            "csi" => (true, InjectionMode.Csi),
            "sidecar" => (true, InjectionMode.Sidecar),
            _ => (false, InjectionMode.Init),
        };
        return known;
    }

    public static string Name(InjectionMode mode) => mode switch
    {
        InjectionMode.Csi => "csi",
        InjectionMode.Sidecar => "sidecar",
        _ => "init",
    };
}
