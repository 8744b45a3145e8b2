namespace AzSync.Azure; public static class Placeholder {}
