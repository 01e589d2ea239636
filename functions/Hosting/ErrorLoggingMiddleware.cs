using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Logging;

namespace NewsMonitor.Hosting;

/// <summary>
/// The one place an invocation's failure is logged. It rethrows: the host's retry and poison-queue handling
/// depend on seeing the exception (docs/conventions.md 9).
/// </summary>
internal sealed partial class ErrorLoggingMiddleware : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            var logger = context.GetLogger<ErrorLoggingMiddleware>();
            LogInvocationFailed(logger, exception, context.FunctionDefinition.Name, context.InvocationId);
            throw;
        }
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Error, Message = "Function {FunctionName} invocation {InvocationId} failed")]
    private static partial void LogInvocationFailed(ILogger logger, Exception exception, string functionName, string invocationId);
}
