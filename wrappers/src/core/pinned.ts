// The azsync version released with these wrappers, set by build.sh from Directory.Build.props.
declare const AZSYNC_PINNED_VERSION: string;
export const PINNED_VERSION: string = AZSYNC_PINNED_VERSION;
