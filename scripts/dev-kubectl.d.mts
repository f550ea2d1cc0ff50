export declare function devKubectl(minor: 35 | 31): string | null;
