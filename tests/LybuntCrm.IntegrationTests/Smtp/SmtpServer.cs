using System.Diagnostics;
using System.Text.Json;
using LybuntCrm.IntegrationTests.Infrastructure;
using MimeKit;

namespace LybuntCrm.IntegrationTests.Smtp;

/// <summary>
/// A real SMTP server (aiosmtpd, started from smtp_server.py) on a loopback port chosen for the test.
/// It can be stopped and started again on the same port, and told to refuse chosen recipients.
/// </summary>
public sealed class SmtpServer : IDisposable
{
    private Process? _process;

    public SmtpServer()
    {
        Port = FreePorts.Next();
        Directory = Path.Combine(Path.GetTempPath(), "lybunt-smtp", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        RulesFile = Path.Combine(Directory, "rules.json");
        File.WriteAllText(RulesFile, "{}");
    }

    public int Port { get; }
    public string Directory { get; }
    private string MessagesDirectory => Path.Combine(Directory, "messages");
    private string RulesFile { get; }
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Settings that point the app at this server.</summary>
    public Dictionary<string, string?> Settings() => new()
    {
        ["Smtp:Host"] = "127.0.0.1",
        ["Smtp:Port"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Smtp:Security"] = "None",
        ["Smtp:From"] = "LybuntCrm <crm@example.com>",
        ["App:BaseUrl"] = "https://crm.example.com",
    };

    public static SmtpServer Started()
    {
        var server = new SmtpServer();
        server.Start();
        return server;
    }

    /// <summary>A server that takes mail only after AUTH with this user name and password (over plain text, as a test allows).</summary>
    public static SmtpServer StartedWithLogin(string user, string password)
    {
        var server = new SmtpServer { User = user, Password = password };
        server.Start();
        return server;
    }

    public string? User { get; private init; }
    public string? Password { get; private init; }

    public void Start()
    {
        if (IsRunning) return;
        var python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
        var script = Path.Combine(AppContext.BaseDirectory, "Smtp", "smtp_server.py");
        var info = new ProcessStartInfo(python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { script, "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--dir", MessagesDirectory, "--rules", RulesFile })
            info.ArgumentList.Add(arg);
        if (User is not null)
        {
            // The password is for a throwaway test server; on the command line it is visible only to this machine's processes.
            foreach (var arg in new[] { "--user", User, "--password", Password ?? "" }) info.ArgumentList.Add(arg);
        }
        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start the SMTP server.");
        var ready = process.StandardOutput.ReadLineAsync();
        if (!ready.Wait(TimeSpan.FromSeconds(20)) || ready.Result != "READY")
        {
            var error = process.HasExited ? process.StandardError.ReadToEnd() : "";
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            throw new InvalidOperationException("The SMTP server did not start (is python3-aiosmtpd installed?): " + error);
        }
        _process = process;
    }

    public void Stop()
    {
        if (_process is null) return;
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        _process.Dispose();
        _process = null;
    }

    /// <summary>The server answers RCPT TO for this address with the given reply, e.g. "550 5.1.1 No such user".</summary>
    public void Refuse(string address, string reply) => SetRule("rcpt", address.ToLowerInvariant(), reply);

    private void SetRule(string section, string key, string value)
    {
        var rules = JsonSerializer.Deserialize<Dictionary<string, Dictionary<string, string>>>(File.ReadAllText(RulesFile)) ?? [];
        if (!rules.TryGetValue(section, out var entries)) rules[section] = entries = [];
        entries[key] = value;
        var temporary = RulesFile + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(rules));
        File.Move(temporary, RulesFile, overwrite: true);
    }

    public void AcceptAll() => File.WriteAllText(RulesFile, "{}");

    /// <summary>From now on the server stores each message but holds back its "250" reply to DATA until <see cref="ReleaseReplies"/>.</summary>
    public void HoldReplies() => SetRule("hold", "data", "true");

    public void ReleaseReplies() => SetRule("hold", "data", "false");

    /// <summary>How many "250" replies to DATA the server has sent (or is sending this instant).</summary>
    public int Replies => System.IO.Directory.Exists(MessagesDirectory) ? System.IO.Directory.GetFiles(MessagesDirectory, "*.replied").Length : 0;

    /// <summary>Every message the server accepted, oldest first, with its envelope recipients.</summary>
    public IReadOnlyList<Received> Messages()
    {
        if (!System.IO.Directory.Exists(MessagesDirectory)) return [];
        return System.IO.Directory.GetFiles(MessagesDirectory, "*.eml").Order(StringComparer.Ordinal)
            .Select(path =>
            {
                using var envelope = JsonDocument.Parse(File.ReadAllText(Path.ChangeExtension(path, ".json")));
                var to = envelope.RootElement.GetProperty("to").EnumerateArray().Select(e => e.GetString()!).ToList();
                var user = envelope.RootElement.TryGetProperty("user", out var login) && login.ValueKind == JsonValueKind.String ? login.GetString() : null;
                return new Received(MimeMessage.Load(path), to, File.ReadAllText(path)) { SignedInAs = user };
            })
            .ToList();
    }

    public IReadOnlyList<Received> MessagesTo(string address) =>
        Messages().Where(m => m.EnvelopeTo.Contains(address, StringComparer.OrdinalIgnoreCase)).ToList();

    public void Dispose()
    {
        Stop();
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

public sealed record Received(MimeMessage Message, IReadOnlyList<string> EnvelopeTo, string Raw)
{
    /// <summary>The user name the sender signed in with, on a server that requires it.</summary>
    public string? SignedInAs { get; init; }

    public string Html => Message.HtmlBody ?? "";
    public string Text => Message.TextBody ?? "";
}
