/** An error the emulator answers with, shaped as Salesforce's REST error body `[{ errorCode, message }]`. */
export class ApiError extends Error {
    constructor(
        readonly status: number,
        readonly errorCode: string,
        message: string,
        readonly fields: string[] = []
    ) {
        super(message);
        this.name = errorCode;
    }

    toBody(): { errorCode: string; message: string; fields?: string[] }[] {
        return [
            {
                errorCode: this.errorCode,
                message: this.message,
                ...(this.fields.length ? { fields: this.fields } : {})
            }
        ];
    }
}

export const invalidField = (object: string, field: string): ApiError =>
    new ApiError(
        400,
        'INVALID_FIELD',
        `No such column '${field}' on entity '${object}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name.`,
        [field]
    );

export const invalidType = (object: string): ApiError =>
    new ApiError(400, 'INVALID_TYPE', `sObject type '${object}' is not supported.`);
