-- The ads system's own schema: campaigns, its record of shops, the charged clicks moved
-- from the serving store, daily counters, and its outbox (docs/ads.md).
-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "ads";

-- CreateEnum
CREATE TYPE "ads"."AdCampaignStatus" AS ENUM ('ACTIVE', 'PAUSED');

-- CreateTable
CREATE TABLE "ads"."campaign" (
    "id" SERIAL NOT NULL,
    "shop_id" INTEGER NOT NULL,
    "areas" TEXT[],
    "bid_per_click" INTEGER NOT NULL,
    "daily_budget" INTEGER NOT NULL,
    "starts_at" TIMESTAMPTZ(3) NOT NULL,
    "ends_at" TIMESTAMPTZ(3),
    "status" "ads"."AdCampaignStatus" NOT NULL DEFAULT 'ACTIVE',
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "campaign_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ads"."known_shop" (
    "shop_id" INTEGER NOT NULL,
    "owner_id" INTEGER NOT NULL,
    "category" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "deleted" BOOLEAN NOT NULL DEFAULT false,
    "version" INTEGER NOT NULL,
    "campaigns" INTEGER NOT NULL DEFAULT 0,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "known_shop_pkey" PRIMARY KEY ("shop_id")
);

-- CreateTable
CREATE TABLE "ads"."click" (
    "token_id" TEXT NOT NULL,
    "campaign_id" INTEGER NOT NULL,
    "day" DATE NOT NULL,
    "bid" INTEGER NOT NULL,
    "clicked_at" TIMESTAMPTZ(3) NOT NULL,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "click_pkey" PRIMARY KEY ("token_id")
);

-- CreateTable
CREATE TABLE "ads"."campaign_day" (
    "campaign_id" INTEGER NOT NULL,
    "day" DATE NOT NULL,
    "spent" INTEGER NOT NULL DEFAULT 0,
    "clicks" INTEGER NOT NULL DEFAULT 0,
    "impressions" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "campaign_day_pkey" PRIMARY KEY ("campaign_id","day")
);

-- CreateTable
CREATE TABLE "ads"."outbox" (
    "id" BIGSERIAL NOT NULL,
    "event" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "trace_context" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "published_at" TIMESTAMPTZ(3),

    CONSTRAINT "outbox_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "campaign_shop_id_id_idx" ON "ads"."campaign"("shop_id", "id" DESC);

-- CreateIndex
CREATE INDEX "click_campaign_id_day_idx" ON "ads"."click"("campaign_id", "day");

-- CreateIndex
CREATE INDEX "outbox_published_at_id_idx" ON "ads"."outbox"("published_at", "id");

