/** The force-app components the preview shell mounts; the bundle resolves `c/<name>` to force-app/main/default/lwc. */
declare module 'c/*' {
    const component: unknown;
    export default component;
}
