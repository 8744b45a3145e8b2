using Azure;
using AzSync.Azure.Identity;
using AzSync.Core.Stores;

namespace AzSync.Azure.Rest;

/// <summary>
/// What every Blob and Files store request goes through, so that whatever a request can fail with reaches the user as
/// a <see cref="StoreException"/> in words: the service's errors as the store explains them, and the failures that
/// are not the service's (the network, a token that cannot be had) the same way for every store.
/// </summary>
internal static class StoreCall
{
    public static async Task<T> RunAsync<T>(Func<Task<T>> action, Uri endpoint,
        Func<RequestFailedException, StoreException> serviceError)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (AggregateException e) when (NetworkFailure.Cancellation(e) is { } cancelled)
        {
            throw cancelled;
        }
        catch (Exception e) when (NetworkFailure.From(e) is { } failure)
        {
            // Transient, as a 503 is: a transfer's own retries may outlast a short outage.
            throw new StoreException(StoreErrorKind.Unreachable,
                failure.CannotReach(endpoint) + "; check the destination URL and the network.", isTransient: true, e);
        }
        catch (RequestFailedException e)
        {
            throw serviceError(e);
        }
        catch (Exception e) when (e is CredentialConfigurationException
                                       or global::Azure.Identity.AuthenticationFailedException)
        {
            throw new StoreException(StoreErrorKind.Unauthorized, e.Message, inner: e);
        }
    }

    public static Task RunAsync(Func<Task> action, Uri endpoint,
        Func<RequestFailedException, StoreException> serviceError) =>
        RunAsync(async () => { await action().ConfigureAwait(false); return true; }, endpoint, serviceError);
}
