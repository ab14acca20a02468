using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using LybuntCrm.IntegrationTests.Infrastructure;
using MimeKit;

namespace LybuntCrm.IntegrationTests.Imap;

/// <summary>
/// A real IMAP server (Debian's dovecot, package dovecot-imapd) on two loopback ports chosen for the test: <see cref="Port"/>
/// without TLS (plain-text login allowed) and <see cref="TlsPort"/> with TLS from the first byte, under a self-signed
/// certificate made for this server. Its configuration, users and mail live in a temporary directory; nothing of a
/// system dovecot (its configuration, its service on ports 143 and 993) is used. Mail is put straight into the users'
/// Maildirs, and folders are deleted or renumbered on disk, as if another client or the server had done it.
/// It can be stopped (killed) and started again on the same ports.
/// </summary>
/// <remarks>
/// Folders on disk (Maildir++): INBOX is <c>home/USER/Maildir</c> itself, any other folder <c>Maildir/.NAME</c> with
/// the name in modified UTF-7 and "." as the hierarchy separator ("Archive.2024" is <c>.Archive.2024</c>). Drafts, Sent,
/// Trash, Junk and Archive carry their special-use flag once they exist (every user starts with Sent).
/// Dovecot refuses mail access as root, so when the tests run as root the mail belongs to "nobody" (the Maildirs are
/// open to everyone) and dovecot's own processes run as its "dovecot" and "dovenull" users; as any other user, everything
/// runs as that user.
/// </remarks>
public sealed class DovecotServer : IDisposable
{
    private const string Executable = "/usr/sbin/dovecot";
    private const UnixFileMode OpenDirectory = (UnixFileMode)0b111_111_111; // 0777: dovecot writes as the mail user
    private const UnixFileMode SharedDirectory = (UnixFileMode)0b111_101_101; // 0755: dovecot's users pass through
    private const UnixFileMode SharedFile = (UnixFileMode)0b110_100_100; // 0644
    private static readonly string[] SpecialFolders = ["Drafts", "Sent", "Trash", "Junk", "Archive"];
    private static readonly Lock NameGate = new();
    private static long _lastMicroseconds;
    private static long _deliveries;

    private readonly Lock _gate = new();
    private readonly StringBuilder _output = new();
    private readonly int _mailUid;
    private readonly int _mailGid;
    private Process? _process;

    public DovecotServer()
    {
        Port = FreePorts.Next();
        TlsPort = FreePorts.Next();
        // Short: dovecot's sockets live under it and a socket path has at most 107 bytes.
        // No shared parent directory: one made by root would be closed to other users.
        Directory = Path.Combine(Path.GetTempPath(), "lybunt-imap-" + Guid.NewGuid().ToString("N")[..16]);
        CreateDirectory(Directory, SharedDirectory);
        CreateDirectory(UsersDirectory, SharedDirectory);
        CreateDirectory(HomesDirectory, SharedDirectory);
        CreateDirectory(Path.Combine(Directory, "state"), SharedDirectory);
        CreateDirectory(Path.Combine(Directory, "removed"), SharedDirectory);

        (CertificatePem, var keyPem) = SelfSignedCertificate();
        CertificatePath = Path.Combine(Directory, "cert.pem");
        File.WriteAllText(CertificatePath, CertificatePem);
        var keyPath = Path.Combine(Directory, "key.pem");
        File.WriteAllText(keyPath, keyPem);
        SetMode(keyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var accounts = Accounts.ForCurrentUser();
        (_mailUid, _mailGid) = (accounts.MailUid, accounts.MailGid);
        File.WriteAllText(ConfigFile, Configuration(accounts, keyPath));
    }

    public string Host => "127.0.0.1";
    public int Port { get; }
    public int TlsPort { get; }
    public string Directory { get; }
    public string ConfigFile => Path.Combine(Directory, "dovecot.conf");
    public string LogFile => Path.Combine(Directory, "dovecot.log");

    /// <summary>The server's self-signed certificate (CN=localhost, for localhost and 127.0.0.1), which nobody trusts.</summary>
    public string CertificatePem { get; }

    public string CertificatePath { get; }
    public bool IsRunning => _process is { HasExited: false };
    private string RunDirectory => Path.Combine(Directory, "run");
    private string UsersDirectory => Path.Combine(Directory, "users");
    private string HomesDirectory => Path.Combine(Directory, "home");

    public static DovecotServer Started()
    {
        var server = new DovecotServer();
        try
        {
            server.Start();
        }
        catch
        {
            server.Dispose();
            throw;
        }
        return server;
    }

    /// <summary>Starts dovecot in the foreground and waits until both ports take connections.</summary>
    public void Start()
    {
        if (IsRunning) return;
        Stop(); // one that died by itself
        if (!File.Exists(Executable) || !File.Exists("/usr/lib/dovecot/imap-login"))
            throw new InvalidOperationException("dovecot is missing: the IMAP tests need Debian's dovecot-imapd (apt-get install dovecot-imapd).");
        // A killed dovecot leaves its pid file behind; should another process have that pid by now, dovecot would refuse to start.
        if (System.IO.Directory.Exists(RunDirectory)) File.Delete(Path.Combine(RunDirectory, "master.pid"));
        // Whoever else listens on a port would answer the readiness check below for a dovecot that failed to bind it.
        foreach (var port in new[] { Port, TlsPort })
        {
            if (!IsFree(port))
                throw new InvalidOperationException(
                    $"dovecot can't start on {Host}:{port}: Address already in use by another process (a system dovecot-imapd?).");
        }
        lock (_output) _output.Clear();
        var info = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "-F", "-c", ConfigFile })
            info.ArgumentList.Add(arg);
        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start dovecot.");
        process.OutputDataReceived += (_, e) => Collect(e.Data);
        process.ErrorDataReceived += (_, e) => Collect(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var waited = Stopwatch.StartNew();
        while (!(Accepts(Port) && Accepts(TlsPort)))
        {
            if (process.HasExited || waited.Elapsed > TimeSpan.FromSeconds(20))
            {
                Kill(process);
                process.WaitForExit(2_000); // the last of its output
                process.Dispose();
                throw new InvalidOperationException(
                    $"dovecot did not start on {Host}:{Port} and {Host}:{TlsPort} within 20 s (is dovecot-imapd installed?)."
                    + $"\nOutput:\n{Output()}\nLog ({LogFile}):\n{Log()}");
            }
            Thread.Sleep(50);
        }
        _process = process;
    }

    private static bool IsFree(int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        try
        {
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        finally
        {
            listener.Stop();
        }
    }

    /// <summary>Kills dovecot and all its processes (sessions included) at once, as a crash or a pulled cable would.</summary>
    public void Stop()
    {
        if (_process is null) return;
        Kill(_process);
        _process.Dispose();
        _process = null;
        // The listening sockets close once the last child is gone, a moment after the master.
        var waited = Stopwatch.StartNew();
        while ((Accepts(Port) || Accepts(TlsPort)) && waited.Elapsed < TimeSpan.FromSeconds(10))
            Thread.Sleep(20);
    }

    /// <summary>
    /// Adds a mail account with an empty INBOX and an empty Sent folder (flagged \Sent), both subscribed. The name is
    /// lower-cased (dovecot looks logins up in lower case, so any casing signs in); letters, digits and . _ @ + - only.
    /// </summary>
    public void AddUser(string userName, string password)
    {
        var user = UserKey(userName);
        if (password.Length == 0 || password.IndexOfAny([':', '\r', '\n', '\0']) >= 0)
            throw new ArgumentException("A password must not be empty nor hold ':' or line breaks.", nameof(password));
        lock (_gate)
        {
            var userFile = Path.Combine(UsersDirectory, user);
            if (File.Exists(userFile)) throw new InvalidOperationException($"The user {user} exists already.");
            var home = Path.Combine(HomesDirectory, user);
            CreateDirectory(home, OpenDirectory);
            var maildir = Path.Combine(home, "Maildir");
            CreateMaildir(maildir);
            File.WriteAllText(Path.Combine(maildir, "subscriptions"), "V\t2\n\nINBOX\n");
            CreateFolder(user, "Sent");
            // One passwd-file per user (dovecot reads users/%u): dovecot checks a file for changes at most once a second,
            // so a user added to a shared file right after a login could stay unknown for that second.
            var line = string.Create(CultureInfo.InvariantCulture, $"{user}:{{PLAIN}}{password}:{_mailUid}:{_mailGid}::{home}::\n");
            var temporary = Path.Combine(Directory, user + ".tmp");
            File.WriteAllText(temporary, line);
            SetMode(temporary, SharedFile);
            File.Move(temporary, userFile);
        }
    }

    /// <summary>Puts a message into a folder ("INBOX", "Sent", or any other, created if missing) as new mail.</summary>
    public void Deliver(string userName, string folder, MimeMessage message)
    {
        using var stream = new MemoryStream();
        message.WriteTo(stream);
        Deliver(userName, folder, stream.ToArray());
    }

    /// <summary>
    /// Puts these exact bytes (malformed, 8-bit headers, any line endings) into a folder as new mail: written to the
    /// Maildir's tmp/ and moved into new/ under a unique name, so dovecot never sees half a message. Dovecot numbers new
    /// mail in the order of the names, which is the order of delivery.
    /// </summary>
    public void Deliver(string userName, string folder, byte[] rawMessage)
    {
        var user = ExistingUser(userName);
        lock (_gate)
        {
            var directory = FolderDirectory(user, folder);
            if (!System.IO.Directory.Exists(directory)) CreateFolder(user, folder);
            var name = UniqueName();
            var temporary = Path.Combine(directory, "tmp", name);
            File.WriteAllBytes(temporary, rawMessage);
            SetMode(temporary, SharedFile);
            File.Move(temporary, Path.Combine(directory, "new", name));
        }
    }

    /// <summary>Removes a folder and its mail from disk at once, as if it had been deleted on the server (INBOX can't be).</summary>
    public void DeleteFolder(string userName, string folder)
    {
        var user = ExistingUser(userName);
        if (IsInbox(folder)) throw new ArgumentException("INBOX can't be deleted.", nameof(folder));
        lock (_gate)
        {
            var directory = FolderDirectory(user, folder);
            if (!System.IO.Directory.Exists(directory)) throw new InvalidOperationException($"{user} has no folder {folder}.");
            // Moved out first, so that dovecot sees the whole folder or none of it.
            var removed = Path.Combine(Directory, "removed", Guid.NewGuid().ToString("N"));
            System.IO.Directory.Move(directory, removed);
            System.IO.Directory.Delete(removed, recursive: true);
        }
    }

    /// <summary>
    /// Deletes dovecot's UID list and index of a folder: the next session that opens it finds a new UIDVALIDITY (dovecot
    /// hands out increasing values from the Maildir's dovecot-uidvalidity file) and its messages numbered again from 1.
    /// Sessions open at that moment should be ended first.
    /// </summary>
    public void ResetUidValidity(string userName, string folder)
    {
        var user = ExistingUser(userName);
        lock (_gate)
        {
            var directory = FolderDirectory(user, folder);
            if (!System.IO.Directory.Exists(directory)) throw new InvalidOperationException($"{user} has no folder {folder}.");
            // Only the folder's own files: dovecot.list.index* and dovecot-uidvalidity* in the Maildir root belong to all folders.
            foreach (var pattern in new[] { "dovecot-uidlist*", "dovecot.index*" })
                foreach (var file in System.IO.Directory.GetFiles(directory, pattern))
                    File.Delete(file);
        }
    }

    /// <summary>What dovecot logged so far (logins, failures, errors).</summary>
    public string Log()
    {
        if (!File.Exists(LogFile)) return "";
        using var stream = new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public void Dispose()
    {
        Stop();
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private string Configuration(Accounts accounts, string keyPath)
    {
        var specialUse = string.Concat(SpecialFolders.Select(f => $"  mailbox {f} {{\n    special_use = \\{f}\n  }}\n"));
        return string.Create(CultureInfo.InvariantCulture, $$"""
            # A throw-away IMAP server for the tests (DovecotServer.cs); it uses nothing of a system dovecot.
            base_dir = {{RunDirectory}}
            state_dir = {{Path.Combine(Directory, "state")}}
            log_path = {{LogFile}}
            instance_name = {{Path.GetFileName(Directory)}}
            protocols = imap
            listen = 127.0.0.1
            ssl = yes
            ssl_cert = <{{CertificatePath}}
            ssl_key = <{{keyPath}}
            disable_plaintext_auth = no
            auth_mechanisms = plain login
            auth_verbose = yes
            # A wrong password is answered without the usual 2 s delay, and failures don't slow later logins down (no anvil penalty below).
            auth_failure_delay = 0
            default_internal_user = {{accounts.InternalUser}}
            default_internal_group = {{accounts.InternalGroup}}
            default_login_user = {{accounts.LoginUser}}
            first_valid_uid = 1
            mail_location = maildir:~/Maildir
            mail_fsync = never
            passdb {
              driver = passwd-file
              args = scheme=PLAIN {{UsersDirectory}}/%u
            }
            userdb {
              driver = passwd-file
              args = {{UsersDirectory}}/%u
            }
            namespace inbox {
              inbox = yes
              separator = .
            {{specialUse}}}
            # No chroot: only root may chroot, and the tests may run as any user.
            service imap-login {
              chroot =
              inet_listener imap {
                address = 127.0.0.1
                port = {{Port}}
              }
              inet_listener imaps {
                address = 127.0.0.1
                port = {{TlsPort}}
                ssl = yes
              }
            }
            service imap-urlauth-login {
              chroot =
            }
            service anvil {
              chroot =
              unix_listener anvil-auth-penalty {
                mode = 0
              }
            }
            service ipc {
              chroot =
            }
            service old-stats {
              chroot =
            }

            """);
    }

    private void Collect(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    private string Output()
    {
        lock (_output) return _output.ToString();
    }

    private static void Kill(Process process)
    {
        try
        {
            if (process.HasExited) return;
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private static bool Accepts(int port)
    {
        using var client = new TcpClient();
        try
        {
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static string UserKey(string userName)
    {
        var user = userName.ToLowerInvariant();
        if (user.Length is 0 or > 64 || user[0] == '.' || !user.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '.' or '_' or '@' or '+' or '-'))
            throw new ArgumentException($"'{userName}' is not a user name this server takes (letters, digits and . _ @ + - only).", nameof(userName));
        return user;
    }

    private string ExistingUser(string userName)
    {
        var user = UserKey(userName);
        if (!File.Exists(Path.Combine(UsersDirectory, user))) throw new InvalidOperationException($"There is no user {user}: AddUser first.");
        return user;
    }

    private static bool IsInbox(string folder) => string.Equals(folder, "INBOX", StringComparison.OrdinalIgnoreCase);

    private string FolderDirectory(string user, string folder)
    {
        var maildir = Path.Combine(HomesDirectory, user, "Maildir");
        if (IsInbox(folder)) return maildir;
        if (folder.Length == 0 || folder.StartsWith('.') || folder.EndsWith('.') || folder.Contains("..", StringComparison.Ordinal)
            || folder.IndexOfAny(['/', '~', '\\']) >= 0 || folder.Any(char.IsControl))
            throw new ArgumentException($"'{folder}' is not a folder name this server takes.", nameof(folder));
        return Path.Combine(maildir, "." + ModifiedUtf7(folder));
    }

    /// <summary>Makes the folder in a scratch place and moves it in whole, subscribed.</summary>
    private void CreateFolder(string user, string folder)
    {
        var maildir = Path.Combine(HomesDirectory, user, "Maildir");
        var scratch = Path.Combine(maildir, "tmp", "folder-" + Guid.NewGuid().ToString("N"));
        CreateMaildir(scratch);
        File.WriteAllBytes(Path.Combine(scratch, "maildirfolder"), []);
        System.IO.Directory.Move(scratch, FolderDirectory(user, folder));
        // Subscriptions file version 2: names in modified UTF-7, levels separated by tabs.
        var subscriptions = Path.Combine(maildir, "subscriptions");
        var subscription = ModifiedUtf7(folder).Replace('.', '\t');
        if (!File.ReadAllLines(subscriptions).Contains(subscription)) File.AppendAllText(subscriptions, subscription + "\n");
    }

    private static void CreateMaildir(string path)
    {
        CreateDirectory(path, OpenDirectory);
        foreach (var part in new[] { "cur", "new", "tmp" })
            CreateDirectory(Path.Combine(path, part), OpenDirectory);
    }

    private static void CreateDirectory(string path, UnixFileMode mode)
    {
        var existed = System.IO.Directory.Exists(path);
        System.IO.Directory.CreateDirectory(path);
        if (!existed) SetMode(path, mode); // set after creating: the umask would take bits away
    }

    private static void SetMode(string path, UnixFileMode mode)
    {
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, mode);
    }

    /// <summary>A Maildir name: seconds.Mmicroseconds P pid Q count . host, increasing across all servers of this process.</summary>
    private static string UniqueName()
    {
        long microseconds;
        lock (NameGate)
        {
            microseconds = Math.Max((DateTime.UtcNow - DateTime.UnixEpoch).Ticks / 10, _lastMicroseconds + 1);
            _lastMicroseconds = microseconds;
        }
        var host = new string(Environment.MachineName.Where(char.IsAsciiLetterOrDigit).ToArray());
        return string.Create(CultureInfo.InvariantCulture,
            $"{microseconds / 1_000_000}.M{microseconds % 1_000_000}P{Environment.ProcessId}Q{Interlocked.Increment(ref _deliveries)}.{(host.Length == 0 ? "localhost" : host)}");
    }

    /// <summary>IMAP's modified UTF-7 (RFC 3501 5.1.3), in which dovecot names Maildir++ folders on disk.</summary>
    private static string ModifiedUtf7(string name)
    {
        var result = new StringBuilder();
        var pending = new StringBuilder();
        foreach (var c in name)
        {
            if (c is >= ' ' and <= '~')
            {
                Flush();
                result.Append(c == '&' ? "&-" : c.ToString());
            }
            else
            {
                pending.Append(c);
            }
        }
        Flush();
        return result.ToString();

        void Flush()
        {
            if (pending.Length == 0) return;
            var base64 = Convert.ToBase64String(Encoding.BigEndianUnicode.GetBytes(pending.ToString()));
            result.Append('&').Append(base64.TrimEnd('=').Replace('/', ',')).Append('-');
            pending.Clear();
        }
    }

    private static (string Certificate, string Key) SelfSignedCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false)); // server authentication
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        return (certificate.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>Who dovecot's processes and the mail run as.</summary>
    private sealed record Accounts(string InternalUser, string InternalGroup, string LoginUser, int MailUid, int MailGid)
    {
        public static Accounts ForCurrentUser()
        {
            var status = File.ReadAllLines("/proc/self/status");
            int Effective(string field) => int.Parse(status.First(l => l.StartsWith(field, StringComparison.Ordinal)).Split('\t', StringSplitOptions.RemoveEmptyEntries)[2], CultureInfo.InvariantCulture);
            var (uid, gid) = (Effective("Uid:"), Effective("Gid:"));
            var users = File.ReadAllLines("/etc/passwd").Select(l => l.Split(':')).Where(f => f.Length >= 4).ToList();
            var groups = File.ReadAllLines("/etc/group").Select(l => l.Split(':')).Where(f => f.Length >= 3).ToList();
            string? GroupName(string id) => groups.FirstOrDefault(g => g[2] == id)?[0];
            string[]? User(string name) => users.FirstOrDefault(u => u[0] == name);

            if (uid != 0)
            {
                var self = users.FirstOrDefault(u => u[2] == uid.ToString(CultureInfo.InvariantCulture))
                    ?? throw new InvalidOperationException($"dovecot needs the user {uid} the tests run as in /etc/passwd.");
                var group = GroupName(gid.ToString(CultureInfo.InvariantCulture))
                    ?? throw new InvalidOperationException($"dovecot needs the group {gid} the tests run as in /etc/group.");
                return new Accounts(self[0], group, self[0], uid, gid);
            }
            // Root: dovecot won't give mail to uid 0, and wants unprivileged users for its own processes.
            var nobody = User("nobody");
            var internalUser = User("dovecot") ?? nobody ?? throw new InvalidOperationException("Neither a dovecot nor a nobody user exists.");
            var loginUser = User("dovenull") ?? nobody ?? throw new InvalidOperationException("Neither a dovenull nor a nobody user exists.");
            var internalGroup = GroupName(internalUser[3]) ?? throw new InvalidOperationException($"No group {internalUser[3]} for the {internalUser[0]} user.");
            var mailUid = nobody is null ? 65534 : int.Parse(nobody[2], CultureInfo.InvariantCulture);
            var mailGid = nobody is null ? 65534 : int.Parse(nobody[3], CultureInfo.InvariantCulture);
            return new Accounts(internalUser[0], internalGroup, loginUser[0], mailUid, mailGid);
        }
    }
}

/// <summary>One running server shared by the tests of a class (<c>IClassFixture&lt;SharedDovecotServer&gt;</c>); each test adds its own user.</summary>
public sealed class SharedDovecotServer : IDisposable
{
    public DovecotServer Server { get; } = DovecotServer.Started();

    public void Dispose() => Server.Dispose();
}
