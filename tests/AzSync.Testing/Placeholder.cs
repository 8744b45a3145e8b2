namespace AzSync.Testing; public static class Placeholder {}
