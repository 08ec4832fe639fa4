namespace SecretInjector.Injection;

/// <summary>One object a SecretProviderClass asks the AWS provider (ASCP) to mount.</summary>
/// <param name="Name"><c>objectName</c>: a name or an ARN.</param>
/// <param name="Type"><c>secretsmanager</c> or <c>ssmparameter</c> (from <c>objectType</c>, or from the ARN).</param>
/// <param name="Alias"><c>objectAlias</c>, the file name ASCP writes, or null.</param>
public sealed record ProviderObject(string Name, string Type, string? Alias);
