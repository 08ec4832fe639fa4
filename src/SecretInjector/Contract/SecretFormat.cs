using System.Text.Json.Serialization;

namespace SecretInjector.Contract;

/// <summary>How a secret's value is written to its file (annotation <c>secret-&lt;name&gt;-format</c>).</summary>
public enum SecretFormat
{
    /// <summary>The value as Secrets Manager stores it: the string, or the bytes of a binary secret.</summary>
    [JsonStringEnumMemberName("raw")]
    Raw,

    /// <summary>The value re-serialized as JSON (a JSON secret, or one key of it).</summary>
    [JsonStringEnumMemberName("json")]
    Json,

    /// <summary>A dotenv file of the top-level keys of a JSON object, quoted so a shell can <c>source</c> it.</summary>
    [JsonStringEnumMemberName("env")]
    Env,
}
