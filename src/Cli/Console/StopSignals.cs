using System.Runtime.InteropServices;

namespace Outcomes.Cli.Console;

/// <summary>
/// Ctrl+C (SIGINT) and SIGTERM ask the running command to stop: its cancellation token is cancelled and it is given
/// a grace period to roll back and close what it holds; a second signal ends the process at once. The exit code
/// of a command stopped this way is the shell's convention, 128 + the signal's number.
/// </summary>
internal sealed class StopSignals : IDisposable
{
    public const int InterruptExitCode = 130;
    public const int TerminateExitCode = 143;

    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _received = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly PosixSignalRegistration _interrupt;
    private readonly PosixSignalRegistration _terminate;
    private int _signal;

    public StopSignals()
    {
        _interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        _terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
    }

    /// <summary>Cancelled when a stop was asked for.</summary>
    public CancellationToken Token => _stop.Token;

    /// <summary>The signal that asked the command to stop; null while none came.</summary>
    public PosixSignal? Received => Volatile.Read(ref _signal) switch
    {
        1 => PosixSignal.SIGINT,
        2 => PosixSignal.SIGTERM,
        _ => null,
    };

    public int ExitCode => Received == PosixSignal.SIGINT ? InterruptExitCode : TerminateExitCode;

    public string SignalName => Received == PosixSignal.SIGINT ? "Ctrl+C (SIGINT)" : "SIGTERM";

    /// <summary>
    /// The command's own result; or, when a stop was asked for and the command has not ended within
    /// <paramref name="grace"/>, <see cref="ExitCode"/> (the process then ends without waiting for it).
    /// </summary>
    public async Task<int> WaitAsync(Task<int> command, TimeSpan grace)
    {
        var first = await Task.WhenAny(command, _received.Task);
        if (first == command)
        {
            return await command;
        }

        using var timeout = new CancellationTokenSource(grace);
        try
        {
            await command.WaitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !command.IsCompleted)
        {
            throw new TimeoutException($"the command did not stop within {grace.TotalSeconds:0} s of {SignalName}");
        }

        return await command;
    }

    private void OnSignal(PosixSignalContext context)
    {
        var number = context.Signal == PosixSignal.SIGINT ? 1 : 2;
        if (Interlocked.CompareExchange(ref _signal, number, 0) != 0)
        {
            // A second signal: let the runtime end the process now.
            return;
        }

        context.Cancel = true;
        _stop.Cancel();
        _received.TrySetResult();
    }

    public void Dispose()
    {
        _interrupt.Dispose();
        _terminate.Dispose();
        _stop.Dispose();
    }
}
